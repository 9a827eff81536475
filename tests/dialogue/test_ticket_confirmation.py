"""What the customer is told when a walk-in repair is registered: where to bring the product."""

from datetime import datetime

from bot.dialogue.messages import ticket_confirmation
from bot.knowledge import get_knowledge
from bot.tickets.model import Customer, Kind, Priority, Ticket


def phone_ticket(city: str) -> Ticket:
    return Ticket(
        "HX20261203-AB12-CD34",
        Kind.REPAIR,
        Priority.P3,
        Customer("王芳", "13812345678"),
        "手机无法开机",
        datetime(2026, 12, 3, 9, 0),
        product="phone",
        city=city,
        service="repair_point",
    )


def test_a_walk_in_outlet_in_the_customers_city_is_where_to_bring_it():
    outlet = next(o for o in get_knowledge().outlets.values() if o.walk_in)
    text = ticket_confirmation(phone_ticket(outlet.city), outlet)
    assert f"到{outlet.name}" in text and "还没有授权送修网点" not in text


def test_an_outlet_in_another_city_is_offered_for_mailing_in_not_as_the_local_one():
    # hand conversation (session 20): 哈尔滨 was sent to the outlet in 沈阳 as if it were local
    outlet = next(o for o in get_knowledge().outlets.values() if o.walk_in)
    text = ticket_confirmation(phone_ticket("哈尔滨"), outlet)
    assert "哈尔滨还没有授权送修网点" in text and "寄修" in text and outlet.phone in text


def test_a_home_visit_from_an_outlet_in_another_city_is_said_so():
    # a helper's played customer (session 21): a 长沙 repair went to 武汉洪山, about 300 km away,
    # with nothing said; the customer found out from the status
    from dataclasses import replace

    wuhan = get_knowledge().outlets["wh-hongshan"]
    visit = replace(phone_ticket("长沙"), product="fridge", service="home_visit")
    text = ticket_confirmation(visit, wuhan)
    assert "长沙暂时没有我们的授权服务网点" in text and wuhan.name in text
    here = replace(phone_ticket("武汉"), product="fridge", service="home_visit")
    assert "暂时没有" not in ticket_confirmation(here, wuhan)


def test_a_visit_not_booked_yet_is_said_so_with_how_to_give_a_day():
    # a helper's played customer (session 21): 「师傅啥时候能来啊 明天我上班不在家」 got the status
    # only, and 「明天不在家」 was never answered
    from dataclasses import replace
    from datetime import datetime

    from bot.dialogue.messages import ticket_status

    visit = replace(phone_ticket("青岛"), product="fridge", service="home_visit")
    assert "上门时间还没约定" in ticket_status(visit)
    booked = replace(visit, engineer_arrival=datetime(2026, 12, 5, 10, 0))
    assert "上门时间还没约定" not in ticket_status(booked)
    assert "上门时间还没约定" not in ticket_status(phone_ticket("青岛"))  # a walk-in repair
