"""Tickets, their history, daily number counters and feedback.

Revision ID: 0001
Revises:
Create Date: 2026-11-27
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "tickets",
        sa.Column("number", sa.String(32), primary_key=True),
        sa.Column("kind", sa.String(20), nullable=False, index=True),
        sa.Column("priority", sa.String(2), nullable=False),
        sa.Column("status", sa.String(20), nullable=False, index=True),
        sa.Column("customer_name", sa.String(100), nullable=False),
        sa.Column("customer_mobile", sa.String(20), nullable=False, index=True),
        sa.Column("product", sa.String(20)),
        sa.Column("model", sa.String(64)),
        sa.Column("fault", sa.Text, nullable=False),
        sa.Column("steps_tried", sa.JSON, nullable=False),
        sa.Column("purchase_date", sa.String(64)),
        sa.Column("warranty", sa.String(20)),
        sa.Column("city", sa.String(64)),
        sa.Column("address", sa.Text),
        sa.Column("channel", sa.String(20), nullable=False),
        sa.Column("conversation_id", sa.String(128), index=True),
        sa.Column("related_ticket", sa.String(32)),
        sa.Column("outlet_id", sa.String(64)),
        sa.Column("engineer_arrival", sa.DateTime),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("response_due", sa.DateTime, nullable=False, index=True),
        sa.Column("resolved_at", sa.DateTime),
        sa.Column("rating", sa.Integer),
        sa.Column("rating_comment", sa.Text),
        sa.Column("transcript", sa.JSON, nullable=False),
    )
    op.create_table(
        "ticket_events",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column(
            "ticket_number",
            sa.String(32),
            sa.ForeignKey("tickets.number"),
            nullable=False,
            index=True,
        ),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("at", sa.DateTime, nullable=False),
        sa.Column("by", sa.String(64), nullable=False),
        sa.Column("note", sa.Text, nullable=False),
    )
    op.create_table(
        "ticket_counters",
        sa.Column("day", sa.String(8), primary_key=True),
        sa.Column("last", sa.Integer, nullable=False),
    )
    op.create_table(
        "feedback",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("conversation_id", sa.String(128), nullable=False, index=True),
        sa.Column("topic", sa.String(64)),
        sa.Column("rating", sa.Integer, nullable=False),
        sa.Column("comment", sa.Text),
        sa.Column("at", sa.DateTime, nullable=False),
    )


def downgrade() -> None:
    for table in ("feedback", "ticket_counters", "ticket_events", "tickets"):
        op.drop_table(table)
