"""``bin/staff report``: the figures as text, or as an HTML page with charts (embedded PNGs)."""

from __future__ import annotations

import base64
import html
import io
from collections import Counter
from collections.abc import Sequence

from bot.analytics.figures import Figures

TERMS = """\
术语（the terms）:
  会话 conversation  一个 Rasa 会话（session）：从 session_started 开始。
  结束 ended         告别（goodbye）、开了工单或转了人工，或 30 分钟没有新消息。
  自助解决 contained 已结束的会话里，既没有转人工也没有工单的比例（分母：已结束的会话）。
  转人工率 escalation 已结束的会话里转了人工（action_handoff）的比例。
  反问率 / 兜底率    客户消息里机器人反问（action_clarify）/ 低于阈值（nlu_fallback）的比例。
  自助修好 fixed     诊断以「已解决」结束（diag_outcome = resolved）的会话；修好的步骤是最后一步。
  放弃的步骤 gave up 诊断没有结果、没有工单也没有转人工就结束的会话，停在的那一步。
  超时 SLA missed    响应时限已过、而时限前没有任何处理记录的工单。
  首次回复时间       会话第一条客户消息到机器人第一条回复；开单时间：到第一张工单。
"""


def pct(value: float) -> str:
    return f"{value * 100:.1f}%"


def _top(counter: Counter, n: int = 1) -> str:
    return "、".join(f"{k}（{v}）" for k, v in counter.most_common(n)) or "-"


def text_report(f: Figures) -> str:
    lines = [
        f"报告时段：{f.since:%Y-%m-%d %H:%M} 至 {f.now:%Y-%m-%d %H:%M}",
        (
            f"会话 {f.conversations}，已结束 {f.ended}；自助解决 {f.contained}（{pct(f.containment)}），"
            f"开了工单 {f.with_ticket}，转人工 {f.escalated}（{pct(f.escalation)}）"
        ),
        f"客户消息 {f.messages}：反问 {f.clarified}（{pct(f.clarify_rate)}），兜底 {f.fallbacks}（{pct(f.fallback_rate)}）",
        "首次回复时间中位数："
        + (f"{f.first_reply_seconds:.2f} 秒" if f.first_reply_seconds is not None else "-")
        + "；到开工单中位数："
        + (f"{f.ticket_minutes:.1f} 分钟" if f.ticket_minutes is not None else "-"),
        "",
        "每天每个渠道的会话：",
    ]
    lines += [
        f"  {day}  {channel:<10} {n}" for (day, channel), n in sorted(f.per_day_channel.items())
    ] or ["  -"]
    lines += ["", "故障诊断：故障  诊断次数  自助修好  最常修好的步骤  最常放弃的步骤"]
    for fault in sorted(f.diagnoses, key=lambda x: -f.diagnoses[x]):
        lines.append(
            f"  {fault}  {f.diagnoses[fault]}  {f.fixed.get(fault, 0)}  "
            f"{_top(f.fixed_at.get(fault, Counter()))}  {_top(f.gave_up_at.get(fault, Counter()))}"
        )
    if not f.diagnoses:
        lines.append("  -")
    lines += ["", f"工单 {f.tickets_total}：超过响应时限的 {f.sla_missed} / 已到时限的 {f.sla_due}"]
    for what, label in (
        ("fault", "按故障"),
        ("product", "按产品"),
        ("priority", "按优先级"),
        ("kind", "按类型"),
    ):
        lines.append(
            f"  {label}："
            + (
                "，".join(f"{k} {v}" for k, v in f.tickets_by.get(what, Counter()).most_common())
                or "-"
            )
        )
    total = sum(f.ratings.values())
    average = sum(k * v for k, v in f.ratings.items()) / total if total else 0
    lines += [
        "",
        f"评分 {total} 个"
        + (f"，平均 {average:.2f}：" if total else "")
        + "，".join(f"{k} 分 {f.ratings[k]}" for k in sorted(f.ratings)),
    ]
    return "\n".join(lines)


def _png(figure) -> str:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=90, bbox_inches="tight")
    import matplotlib.pyplot as plt

    plt.close(figure)
    return base64.b64encode(buffer.getvalue()).decode()


def _bar(title: str, items: Sequence[tuple[str, float]], xlabel: str = "") -> str:
    import matplotlib.pyplot as plt

    figure, axes = plt.subplots(figsize=(6, max(2.0, 0.35 * len(items) + 1)))
    labels = [k for k, _ in items] or ["(none)"]
    values = [v for _, v in items] or [0]
    axes.barh(labels[::-1], values[::-1], color="#2f6fb0")
    axes.set_title(title)
    axes.set_xlabel(xlabel)
    return _png(figure)


def charts(f: Figures) -> dict[str, str]:
    """Chart title → base64 PNG."""
    import matplotlib

    matplotlib.use("Agg")
    matplotlib.rcParams["font.sans-serif"] = ["Noto Sans CJK SC", "Noto Sans CJK JP", "DejaVu Sans"]
    import matplotlib.pyplot as plt

    found: dict[str, str] = {}
    days = sorted({d for d, _ in f.per_day_channel})
    channels = sorted({c for _, c in f.per_day_channel})
    figure, axes = plt.subplots(figsize=(7, 3))
    bottom = [0] * len(days)
    for channel in channels:
        values = [f.per_day_channel.get((d, channel), 0) for d in days]
        axes.bar(days, values, bottom=bottom, label=channel)
        bottom = [b + v for b, v in zip(bottom, values, strict=True)]
    axes.set_title("Conversations per day and channel")
    if channels:
        axes.legend()
    axes.tick_params(axis="x", labelrotation=30)
    found["每天每个渠道的会话"] = _png(figure)
    found["会话结果"] = _bar(
        "Ended conversations",
        [("contained", f.contained), ("ticket", f.with_ticket), ("handoff", f.escalated)],
        "conversations",
    )
    found["反问率和兜底率"] = _bar(
        "Share of customer messages",
        [("asked back", f.clarify_rate), ("fallback", f.fallback_rate)],
        "share",
    )
    found["各故障诊断与自助修好"] = _bar(
        "Diagnoses (fixed by self-service)",
        [
            (f"{k} ({f.fixed.get(k, 0)} fixed)", v)
            for k, v in sorted(f.diagnoses.items(), key=lambda x: -x[1])[:15]
        ],
    )
    for what in ("fault", "product", "priority"):
        found[f"工单：按{ {'fault': '故障', 'product': '产品', 'priority': '优先级'}[what] }"] = (
            _bar(f"Tickets by {what}", f.tickets_by.get(what, Counter()).most_common(15), "tickets")
        )
    found["评分"] = _bar(
        "Ratings", [(f"{k}", f.ratings.get(k, 0)) for k in range(5, 0, -1)], "ratings"
    )
    return found


def html_report(f: Figures) -> str:
    images = "\n".join(
        f'<figure><img alt="{html.escape(title)}" src="data:image/png;base64,{png}"><figcaption>{html.escape(title)}</figcaption></figure>'
        for title, png in charts(f).items()
    )
    return f"""<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>客服报告 {f.since:%Y-%m-%d} – {f.now:%Y-%m-%d}</title>
<style>body{{font-family:sans-serif;margin:2em;max-width:1100px}} figure{{display:inline-block;margin:1em;vertical-align:top}}
pre{{background:#f5f5f5;padding:1em;white-space:pre-wrap}}</style></head>
<body><h1>售后客服机器人报告</h1>
<pre>{html.escape(text_report(f))}</pre>
<section id="charts">{images}</section>
<h2>术语</h2><pre>{html.escape(TERMS)}</pre>
</body></html>
"""
