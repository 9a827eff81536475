"""The conversation event stream, the review inbox and the consumer's read positions (bot.events).

Revision ID: 0004_event_stream
Revises: 0003_service_requests
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

revision = "0004_event_stream"
down_revision = "0003_service_requests"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "stream_events",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("key", sa.String(64), nullable=False, unique=True),
        sa.Column("conversation_id", sa.String(255), nullable=False, index=True),
        sa.Column("type", sa.String(40), nullable=False),
        sa.Column("name", sa.String(128)),
        sa.Column("text", sa.Text),
        sa.Column("channel", sa.String(64)),
        sa.Column("at", sa.DateTime, nullable=False, index=True),
        sa.Column("data", sa.JSON, nullable=False),
    )
    op.create_table(
        "review_items",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("message_key", sa.String(64), nullable=False, unique=True),
        sa.Column("conversation_id", sa.String(255), nullable=False, index=True),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("guesses", sa.JSON, nullable=False),
        sa.Column("reasons", sa.JSON, nullable=False),
        sa.Column("channel", sa.String(64)),
        sa.Column("at", sa.DateTime, nullable=False, index=True),
        sa.Column("label_kind", sa.String(20)),
        sa.Column("label", sa.String(128)),
        sa.Column("labelled_by", sa.String(64)),
        sa.Column("labelled_at", sa.DateTime),
    )
    op.create_table(
        "stream_offsets",
        sa.Column("source", sa.String(255), primary_key=True),
        sa.Column("position", sa.Integer, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("stream_offsets")
    op.drop_table("review_items")
    op.drop_table("stream_events")
