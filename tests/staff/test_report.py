"""``bin/staff report`` over a real SQLite database: events written by the stream consumer, tickets
and ratings written by the ticket services."""

import pytest

from bot.staff.cli import main
from tests.staff.report_data import fill


@pytest.fixture
def filled(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'tickets.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    fill(url)
    return tmp_path


def test_report_counts_what_happened(filled, capsys):
    assert main(["report", "--since", "7d"]) == 0
    out = capsys.readouterr().out
    assert "会话 4，已结束 4；自助解决 2（50.0%），开了工单 1，转人工 1（25.0%）" in out
    # 9 customer messages (payloads count as messages), 2 asked back, 1 below the thresholds
    assert "客户消息 9：反问 2（22.2%），兜底 1（11.1%）" in out
    assert "tv_no_picture  1  1  hdmi（1）  -" in out
    assert "fridge_not_cooling  1  0  -  power（1）" in out
    assert "按故障：ac_not_cooling 1" in out and "按产品：ac 1" in out and "按优先级：P1 1" in out
    assert (
        "超过响应时限的 1 / 已到时限的 1" in out
    )  # two hours old, P1 (30 minutes), nobody touched it
    assert "评分 2 个，平均 4.50" in out
    assert "wechat" in out and "rest" in out


def test_help_defines_the_terms(capsys):
    with pytest.raises(SystemExit):
        main(["report", "--help"])
    out = capsys.readouterr().out
    assert "Rasa 会话" in out and "30 分钟没有新消息" in out and "自助解决" in out
