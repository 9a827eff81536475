"""make chat's terminal conversation: buttons as numbers, a whole diagnosis to a ticket."""

import os
import re
import subprocess
import sys

import pytest

from harness.servers import ROOT, current_model

pytestmark = pytest.mark.slow  # the real servers (make test-fast leaves it out)


def test_a_diagnosis_to_a_ticket_picking_buttons_by_number(servers):
    lines = [
        "电视黑屏了",  # standby light? 1) on 2) off
        "1",  # on -> HDMI step: 1) fixed 2) still not 3) tried already
        "3",  # tried already -> input source
        "2",
        "2",
        "2",  # input source, remote batteries, software reset: still not
        # a home visit is registered at once: the name is asked with 1) 先不用登记 2) 转人工客服
        "韩梅梅",
        "13512345678",
        "55E3F",
        "2025年3月",
        "北京",
        "朝阳区建国路88号",
        "1",  # 1) confirm
        "/quit",
    ]
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "bot.channels.cli",
            "--model",
            current_model(),
            "--actions",
            f"http://127.0.0.1:{servers.action_port}/webhook",
        ],
        input="\n".join(lines) + "\n",
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
        env=dict(os.environ, PYTHONPATH=str(ROOT), DATABASE_URL=servers.env["DATABASE_URL"]),
    )
    out = result.stdout
    assert result.returncode == 0, result.stderr[-2000:]
    assert "    1) 指示灯亮着" in out and "    3) 这步试过了" in out
    assert "信号源" in out and "恢复出厂" in out
    assert re.search(r"工单号：HX\d{8}-\w{4}-\w{4}", out), out[-2000:]
