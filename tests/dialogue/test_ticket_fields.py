"""Each ticket field read by its own rules (bot.dialogue.ticket_fields, bot.dialogue.corrections)."""

from datetime import date

import pytest

from bot.dialogue.corrections import read_correction
from bot.dialogue.ticket_fields import (
    UNKNOWN,
    city_at_start,
    find_address,
    read_address,
    read_city,
    read_model,
    read_name,
    read_phone,
    read_purchase_date,
)
from bot.knowledge import get_knowledge

TODAY = date(2026, 11, 30)


@pytest.fixture(scope="module")
def cities():
    return get_knowledge().cities


@pytest.mark.parametrize(
    "said, value",
    [
        ("2024年5月", "2024-05"),
        ("去年7月", "2025-07"),
        ("2024-05-18", "2024-05-18"),
        ("2024-05", "2024-05"),  # as nlu-entities normalises it
        ("2023", "2023"),
        ("2023年买的", "2023"),
        ("三个月前", "2026-08"),
        ("一年前", "2025-11"),  # counted back: the month it counts back to, not January
        ("半年前买的", "2026-05"),
        ("用了两年", "2024-11"),
        ("买了不到一年", "2025-11-30 以后"),  # fewer than a year: bought after that day
        ("用了还不满三个月", "2026-08-30 以后"),
        ("买了快半年", "2026-05-30 以后"),
        ("去年双十一", "2025-11-11"),
        ("不记得了", UNKNOWN),
    ],
)
def test_purchase_dates_are_kept_as_precise_as_said(said, value):
    assert read_purchase_date(said, TODAY).value == value


EVERY_DETAIL = (
    "我要报修，空调KFR-35GW外机不转，前年买的，我叫欧阳娜娜，电话13812345678，"
    "地址南京鼓楼区上海路58号3单元201"
)


@pytest.mark.parametrize(
    "said, problem",
    [
        ("1203", "unreadable"),  # digits alone are no date
        ("1502", "unreadable"),
        ("5-2-1", "unreadable"),  # a house number
        ("0532-88886666", "phone"),  # a landline
        ("13912345678", "phone"),
        ("2027年3月", "future"),
        ("2005年6月", "too_old"),  # more than 15 years back
        ("", "empty"),
    ],
)
def test_what_is_not_a_purchase_date_is_refused(said, problem):
    reading = read_purchase_date(said, TODAY)
    assert reading.value is None and reading.problem == problem


@pytest.mark.parametrize(
    "said, value",
    [
        ("13912345678", "13912345678"),
        ("139 1234 5678", "13912345678"),
        ("0532-88886666", "0532-88886666"),
        ("（0532）8888 6666", "0532-88886666"),
        ("座机010-12345678", "010-12345678"),
    ],
)
def test_mobiles_and_landlines_with_area_code_are_phones(said, value):
    assert read_phone(said).value == value


@pytest.mark.parametrize("said", ["258", "与您联系（258）", "88886666", "12345"])
def test_house_numbers_and_short_numbers_are_not_phones(said):
    assert not read_phone(said).ok


@pytest.mark.parametrize(
    "said, value",
    [("张伟", "张伟"), ("我叫王芳", "王芳"), ("李女士", "李女士"), ("好的，我叫张好", "张好")],
)
def test_names(said, value):
    assert read_name(said, ["电视", "冰箱"]).value == value


@pytest.mark.parametrize(
    # 好的 to 「请留下您的称呼和联系电话」 was filed as the name (hand conversation)
    "said",
    ["海信", "海信的", "电视", "258", "不想说", "HISENSE", "好的", "嗯嗯", "可以啊", "OK", "行吧"],
)
def test_brands_products_numbers_and_okays_are_not_names(said):
    assert not read_name(said, ["电视", "冰箱"]).ok


@pytest.mark.parametrize(
    "said, city",
    [
        ("青岛", "青岛"),
        ("青岛市", "青岛"),
        ("山东青岛", "青岛"),
        ("山东省青岛市", "青岛"),
        ("我在青岛", "青岛"),
        ("南京鼓楼区", "南京"),
        ("北京市朝阳区", "北京"),
        ("深圳市南山区南海大道1000号", "深圳"),
    ],
)
def test_the_city_comes_from_the_answer_or_the_start_of_an_address(cities, said, city):
    assert read_city(said, cities).value == city


@pytest.mark.parametrize(
    "said", ["株洲路", "株洲路50号", "南海大道1000号", "崂山区株洲路", "中山路8号"]
)
def test_a_street_named_after_a_place_is_not_a_city(cities, said):
    assert read_city(said, cities).value is None


def test_a_district_the_outlets_know_names_its_city(cities):
    assert read_city("崂山区", cities, {"崂山区": "青岛"}).value == "青岛"


def test_a_whole_address_is_split_into_city_and_address(cities):
    city, rest = city_at_start("山东省青岛市市南区香港中路8号", cities)
    assert (city.name, rest) == ("青岛", "市南区香港中路8号")
    assert find_address("我叫张伟，电话13912345678，地址青岛市崂山区株洲路50号3单元", cities) == (
        "青岛",
        "崂山区株洲路50号3单元",
    )
    assert find_address("电视黑屏了，株洲路那边", cities) is None


@pytest.mark.parametrize(
    "written", ["青岛市北区南京路126号", "青岛市市北区南京路126号", "青岛 市北区南京路126号"]
)
def test_a_district_named_shi_bei_keeps_its_shi(cities, written):
    # 青岛市北区 is 青岛 + 市北区, as people write it, not 青岛市 + 北区
    city, rest = city_at_start(written, cities)
    assert (city.name, rest) == ("青岛", "市北区南京路126号")


@pytest.mark.parametrize(
    "said, ok",
    [("市南区香港中路8号", True), ("株洲路50号2单元301", True), ("258", False), ("家里", False)],
)
def test_addresses(said, ok):
    assert read_address(said).ok is ok


@pytest.mark.parametrize(
    "said, value",
    [("55E3F", "55E3F"), ("型号是kfr-35gw/e500-a1", "KFR-35GW/E500-A1"), ("找不到", UNKNOWN)],
)
def test_models(said, value):
    assert read_model(said).value == value


def test_words_without_a_model_number_are_not_a_model():
    assert not read_model("就是普通的那种").ok


@pytest.mark.parametrize(
    "said, slot, value",
    [
        ("购买时间不对，是去年7月", "purchase_date", "去年7月"),
        ("型号错了", "product_model", None),
        ("手机号写错了 应该是13812345678", "phone_number", "13812345678"),
        ("地址不对 是黄岛区长江中路1号", "address", "黄岛区长江中路1号"),
        ("名字写错了，是王为民", "customer_name", "王为民"),
        ("型号：65E7K", "product_model", "65E7K"),
        # words around the field word are no value (「也」 was stored as part of the address)
        ("地址也错了，是香港中路100号", "address", "香港中路100号"),
        ("地址是香港中路100号，不是10号", "address", "香港中路100号"),
        ("应该是13987654321的电话", "phone_number", "13987654321"),
        ("我的地址不对", "address", None),
        ("我的名字写错了，叫王芳", "customer_name", "叫王芳"),
        ("购买时间不对，是2022.11", "purchase_date", "2022.11"),
        # an address keeps its commas; the words before the field word say whose it is
        (
            "地址错了，是青岛市市南区，香港中路100号3单元",
            "address",
            "青岛市市南区，香港中路100号3单元",
        ),
        ("地址是香港中路100号不是10号", "address", "香港中路100号"),
        ("收货地址不对，是香港中路1号", "address", "香港中路1号"),
        ("家里电话错了，是13912345678", "phone_number", "13912345678"),
        ("我老婆的名字错了，是王芳", "customer_name", "王芳"),
        # hand conversation (session 18): 「姓名：打」
        ("名字打错了，是吴蕾，草字头的蕾，电话也错了应该是13511112223", "customer_name", "吴蕾"),
        ("电话输错了，13511112223", "phone_number", "13511112223"),
        ("地址写错了，是南京市鼓楼区中山北路200号", "address", "南京市鼓楼区中山北路200号"),
        ("我老婆的名字错了", "customer_name", None),
        ("不对，买的时间是2023.7。", "purchase_date", "2023.7"),
        # a helper's played customer (session 21): a part left out
        ("地址漏了，是辽宁路58号3号楼2单元601", "address", "辽宁路58号3号楼2单元601"),
        ("地址少写了门牌号，是辽宁路58号3号楼2单元601", "address", "辽宁路58号3号楼2单元601"),
        ("门牌号忘写了 3号楼2单元601", "address", "3号楼2单元601"),
        ("地址不全，还有3号楼2单元601", "address", "3号楼2单元601"),
    ],
)
def test_a_correction_names_its_field_and_maybe_the_new_value(said, slot, value):
    correction = read_correction(said)
    assert (correction.slot, correction.value) == (slot, value)


def test_a_name_given_with_jiao_is_the_name():
    assert read_name("叫王芳").value == "王芳"
    assert read_name("叫我小王").value == "小王"
    assert read_name("叫张").value == "张"  # a surname alone: 叫 is not part of it


def test_a_bare_has_errors_names_no_field():
    assert read_correction("有误") is None and read_correction("不对") is None


def test_a_normalised_entity_is_only_as_precise_as_the_message():
    assert read_purchase_date("2024-05-01", TODAY, said="电视是2024年5月买的").value == "2024-05"
    assert read_purchase_date("2023-01-01", TODAY, said="2023年买的").value == "2023"
    assert read_purchase_date("2024-05-18", TODAY, said="2024年5月18日买的").value == "2024-05-18"


def test_a_purchase_within_a_year_is_under_a_one_year_warranty():
    """「买了不到一年」 once became 2025, read back as 1 January 2025: out of warranty."""
    from bot.dialogue.ticket_fields import warranty_verdict
    from bot.knowledge.policy import Warranty

    said = "空调买了不到一年就坏了"
    stored = read_purchase_date("2025-11-30", TODAY, said=said).value  # the entity, normalised
    assert stored == "2025-11-30 以后"
    verdict = warranty_verdict(Warranty(product="ac", whole_unit=12), stored, TODAY)
    assert verdict is not None and verdict.whole_unit_until >= TODAY
    from bot.dialogue.messages import warranty_message

    told = warranty_message("空调", stored, verdict)
    assert "购买于 2025年11月30日以后" in told and "目前在保修期内" in told


@pytest.mark.parametrize(
    "entity, said, value",
    [
        # the date the entity came from, not another date expression in the message
        ("2025-05-01", "去年5月买的，用了不到半年就坏了", "2025-05"),
        ("2024-03-01", "2024年3月买的，快递收到用了不到一周就坏了", "2024-03"),
        ("2024-01-01", "2024年买的，用了两年就坏了", "2024"),
        ("2025-11-30", "空调买了一年不到就坏了", "2025-11-30 以后"),  # 不到 after the amount
    ],
)
def test_a_date_is_read_in_its_own_words(entity, said, value):
    assert read_purchase_date(entity, TODAY, said=said).value == value


def test_a_stored_date_after_a_day_is_read_again_as_it_is():
    # the last ticket's date, offered again, keeps its 以后 (and compares equal)
    assert read_purchase_date("2025-11-30 以后", TODAY).value == "2025-11-30 以后"
    assert not read_purchase_date("2027-01-01 以后", TODAY).ok


def test_a_period_that_seems_over_is_not_told_as_over_for_a_date_after_a_day():
    """「冰箱买了不到两年」: bought after 2024-11-30; the one-year warranty may still run."""
    from bot.dialogue.messages import warranty_message
    from bot.dialogue.ticket_fields import warranty_verdict
    from bot.knowledge.policy import Warranty

    stored = read_purchase_date("买了不到两年", TODAY).value
    verdict = warranty_verdict(Warranty(product="fridge", whole_unit=12), stored, TODAY)
    assert verdict is not None and not verdict.whole_unit_covered
    assert verdict.label == "待核实（以购机发票为准）"
    told = warranty_message("冰箱", stored, verdict)
    assert "已过整机保修期" not in told and "请以购机发票为准" in told


def test_stored_purchase_dates_are_read_back_for_the_warranty():
    from bot.dialogue.ticket_fields import stored_purchase_date

    assert stored_purchase_date("2024") == date(2024, 1, 1)
    assert stored_purchase_date("2024-05") == date(2024, 5, 1)
    assert stored_purchase_date("2024-05-18") == date(2024, 5, 18)
    assert stored_purchase_date(UNKNOWN) is None


@pytest.mark.parametrize(
    "said, days",
    [
        ("买了5天的电视能退货吗", 5),
        ("刚买三天的洗衣机", 3),
        ("买了一周的冰箱能换吗", 7),
        ("能退货吗", None),
    ],
)
def test_how_long_ago_a_return_question_says_it_was_bought(said, days):
    from datetime import timedelta

    from bot.dialogue.ticket_fields import bought_ago

    assert bought_ago(said, TODAY) == (TODAY - timedelta(days=days) if days else None)


@pytest.mark.parametrize(
    "said, city",
    [
        ("天河区天河路5号", "广州"),
        ("市南区香港中路8号", "青岛"),
        ("我在海淀区学院路60号", "北京"),
        ("青岛市崂山区株洲路50号", "青岛"),
        ("鼓楼区中山北路12号", None),  # 南京, 福州, 徐州, 开封: the city is asked
        ("朝阳区朝阳北路120号", None),  # 北京 or 长春
        ("株洲路5号", None),  # streets named after places are never a city
        ("南海大道1000号", None),  # not 佛山's 南海区
        ("天河路5号", None),  # a street, not 天河区
        ("香港中路8号", None),
    ],
)
def test_the_city_of_an_address_from_its_start_or_a_district_one_city_has(said, city):
    from bot.dialogue.ticket_fields import address_city

    knowledge = get_knowledge()
    assert address_city(said, knowledge.cities, knowledge.districts()) == city


def test_an_address_with_a_district_inside_a_longer_message():
    from bot.dialogue.ticket_fields import find_address

    knowledge = get_knowledge()
    found = find_address("电视坏了，地址天河区天河路5号", knowledge.cities, knowledge.districts())
    assert found == ("广州", "天河区天河路5号")
    assert find_address("地址鼓楼区中山北路12号", knowledge.cities, knowledge.districts()) is None


def test_the_district_a_customer_names_for_a_walk_in_repair():
    from bot.dialogue.ticket_fields import district_named

    beijing = get_knowledge().city("北京")
    assert district_named(["北京海淀区"], beijing) == "海淀区"
    assert district_named(["我在北京海淀", "好的"], beijing) == "海淀区"
    # texts latest first: the customer first said 朝阳区, then 海淀区
    assert district_named(["北京的海淀区", "朝阳区那边"], beijing) == "海淀区"
    assert district_named(["我在北京"], beijing) is None
    assert district_named(["地址是海淀路12号"], beijing) is None  # a street, not the district
    assert district_named(["北京海淀区"], None) is None


@pytest.mark.parametrize(
    "said, value",
    [
        # hand conversation: 型号 has a 号, and the ticket read 2026-10-30 for 「上个月」
        ("型号不知道 上个月买的", "2026-10"),
        ("去年冬天买的", "2025-12"),
        ("5天前买的", "2026-11-25"),
        ("5月3号买的", "2026-05-03"),
    ],
)
def test_an_entity_value_is_kept_as_precise_as_the_message_said(said, value):
    from bot.dialogue.dates import parse_purchase_date

    normalised = parse_purchase_date(said, TODAY).isoformat()  # as the NLU's value arrives
    assert read_purchase_date(normalised, TODAY, said).value == value


@pytest.fixture(scope="module")
def fault_vocabulary():
    from bot.knowledge.words import domain_words

    knowledge = get_knowledge()
    return set(domain_words(knowledge)), knowledge.synonym_map()


@pytest.mark.parametrize(
    "said, problem",
    [
        # hand conversation (session 18): the form asked 「请简单描述一下遇到的问题」 again
        ("我要报修，海信电视65E7K开机没反应，前年买的", "海信电视65E7K开机没反应，前年买的"),
        ("我要报修，冰箱不制冷", "冰箱不制冷"),
        ("报修：洗衣机不排水", "洗衣机不排水"),
        ("帮我派个师傅上门，空调漏水", "空调漏水"),
        ("你好，我要报修，电视没声音了", "电视没声音了"),
        # hand conversation (session 20): the request at the end, and the form asked again
        (
            "冰箱不制冷好几天了 里面东西都坏了 我不想折腾了 你们派人来修吧",
            "冰箱不制冷好几天了，里面东西都坏了",
        ),
        ("洗衣机不脱水了，赶紧安排师傅上门！", "洗衣机不脱水了"),
        ("长沙市芙蓉区北京路18号 派人来修吧", None),
        # every detail in one message (session 20): the fault was asked for again
        (EVERY_DETAIL, "空调KFR-35GW外机不转，前年买的"),
        # nothing of the fault: asked for
        ("我要报修", None),
        ("我要报修，海信电视", None),
        ("我要报修，型号55E3F", None),
    ],
)
def test_the_fault_said_with_a_repair_request_is_the_problem(fault_vocabulary, said, problem):
    from bot.dialogue.ticket_fields import fault_said

    assert fault_said(said, *fault_vocabulary) == problem


def test_a_name_and_a_number_are_no_description_of_the_fault():
    from bot.dialogue.ticket_fields import only_contact_details

    assert only_contact_details("孙伟 13800001234", "13800001234")
    assert only_contact_details("欧阳娜娜，138-0000-1234", "13800001234")
    assert not only_contact_details("冰箱不制冷了，电话13800001234", "13800001234")
    assert not only_contact_details("开机没反应", None)


def test_an_address_given_beside_name_and_phone_and_after_words_of_talk(cities):
    # hand conversation (session 18): asked again, then stored as 「刚才不是说了吗，北京市…」
    from bot.dialogue.ticket_fields import find_address, read_address

    districts = get_knowledge().districts()
    assert find_address(
        "李女士，13800138000，住北京市朝阳区望京西路8号院3号楼1单元202", cities, districts
    ) == ("北京", "朝阳区望京西路8号院3号楼1单元202")
    said = "刚才不是说了吗，北京市朝阳区望京西路8号院3号楼1单元202"
    assert read_address(said).value == "北京市朝阳区望京西路8号院3号楼1单元202"
    assert read_address("北京市，朝阳区望京西路8号").value == "北京市，朝阳区望京西路8号"


def test_a_corrected_address_keeps_the_old_district_only_when_it_names_none():
    from bot.dialogue.ticket_fields import with_old_district

    hangzhou = get_knowledge().city("杭州")
    assert with_old_district("文三路98号", "西湖区文一路98号", hangzhou) == "西湖区文三路98号"
    assert with_old_district("拱墅区文三路98号", "西湖区文一路98号", hangzhou) == "拱墅区文三路98号"
    assert with_old_district("文三路98号", "文一路98号", hangzhou) == "文三路98号"
    assert with_old_district("文三路98号", "西湖区文一路98号", None) == "文三路98号"


@pytest.mark.parametrize(
    "said, value",
    [
        # hand conversations (session 20): asked again and again
        ("不知道型号，也忘了啥时候买的", "不详"),
        ("真记不得了", "不详"),
        # a date said beside 「不记得」 is the date
        ("去年买的，不记得几月", "2025"),
    ],
)
def test_a_purchase_date_said_unknown_in_a_sentence_is_unknown(said, value):
    from bot.dialogue.ticket_fields import read_purchase_date

    assert read_purchase_date(said, date(2026, 11, 30)).value == value


@pytest.mark.parametrize(
    "new, said, completed",
    [
        # the part left out is added to the address
        ("3号楼2单元601", "门牌号忘写了 3号楼2单元601", "市北区辽宁路58号3号楼2单元601"),
        # a whole address replaces it; a correction that is no omission replaces it too
        (
            "辽宁路58号3号楼2单元601",
            "地址漏了，是辽宁路58号3号楼2单元601",
            "辽宁路58号3号楼2单元601",
        ),
        ("3号楼2单元601", "地址错了，是3号楼2单元601", "3号楼2单元601"),
    ],
)
def test_an_address_said_incomplete_keeps_what_was_given(new, said, completed):
    from bot.dialogue.corrections import completed_address

    assert completed_address(new, "市北区辽宁路58号", said) == completed


def test_talk_before_an_address_is_not_stored_with_it():
    # a helper's played customer (session 21): 「地址：青岛 前面写了啊，青岛市李沧区书院路220号」
    assert read_address("前面写了啊，青岛市李沧区书院路220号").value == "青岛市李沧区书院路220号"


@pytest.mark.parametrize(
    "said, stored",
    [
        # a helper's played customers (session 23): the talk around a corrected address was stored
        ("崂山区香港东路66号，南京东路那是俺闺女家", "崂山区香港东路66号"),
        ("就株洲路153号金地小区5号楼2单元1101", "株洲路153号金地小区5号楼2单元1101"),
        (
            "和平区，天津市和平区南京东路300号和平花园3-2-201",
            "天津市和平区南京东路300号和平花园3-2-201",
        ),
        ("香港中路100号，不是10号", "香港中路100号"),
        # an address of two parts keeps both
        ("市南区香港中路8号，3单元502", "市南区香港中路8号，3单元502"),
    ],
)
def test_talk_around_an_address_is_not_stored_with_it(said, stored):
    assert read_address(said).value == stored


def test_the_city_after_zhu_is_read_and_a_zhu_of_a_word_is_kept():
    # a helper's played customer (session 21): 「住南京鼓楼区上海路66号」 was asked its city, with
    # 南京 / 徐州 / 福州 / 开封 (every city with a 鼓楼区) on buttons
    from bot.dialogue.ticket_fields import city_at_start

    cities = get_knowledge().cities
    city, rest = city_at_start("住南京鼓楼区上海路66号2单元301", cities)
    assert city.name == "南京" and rest == "鼓楼区上海路66号2单元301"
    assert city_at_start("住宅小区3栋", cities) == (None, "住宅小区3栋")


def test_details_typed_with_spaces_still_give_the_address():
    # a helper's played customers (session 21): every detail in one message, the address asked
    # again (three times in twelve conversations)
    from bot.dialogue.ticket_fields import find_address

    said = "不冷 还是不行 上门修吧 我叫赵敏 13812345678 青岛市崂山区松岭路77号2号楼301 去年7月买的"
    knowledge = get_knowledge()
    assert find_address(said, knowledge.cities, knowledge.districts()) == (
        "青岛",
        "崂山区松岭路77号2号楼301",
    )
    # an elderly customer's talk before the address, with a space instead of a comma
    assert read_address("俺刚说了啊 济南市历城区山大路化纤厂宿舍5号楼").value == (
        "济南市历城区山大路化纤厂宿舍5号楼"
    )


@pytest.mark.parametrize(
    "said",
    ["刚说了不知道啊 买了大概一年半", "型号看不清了，贴纸磨掉了", "不晓得哎，老式的双门冰箱"],
)
def test_a_model_the_customer_cannot_give_said_in_a_longer_answer_is_unknown(said):
    # helpers' played customers (session 21): 「没能看出冰箱的型号」, asked again
    assert read_model(said).value == "不详"


def test_a_model_given_beside_doubt_is_the_model():
    assert read_model("不知道是不是这个 55E3F").value == "55E3F"
