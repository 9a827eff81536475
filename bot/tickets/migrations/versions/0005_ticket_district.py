"""The customer's district on a ticket: a walk-in repair goes to the outlet of that district.

Revision ID: 0005_ticket_district
Revises: 0004_event_stream
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

revision = "0005_ticket_district"
down_revision = "0004_event_stream"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("tickets") as table:
        table.add_column(sa.Column("district", sa.String(64)))


def downgrade() -> None:
    with op.batch_alter_table("tickets") as table:
        table.drop_column("district")
