"""How a repair is done (home visit, repair point…) and the customer's pending reschedule / cancel request.

Revision ID: 0003_service_requests
Revises: 0002
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

revision = "0003_service_requests"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("tickets") as batch:
        batch.add_column(
            sa.Column("service", sa.String(20), nullable=False, server_default="home_visit")
        )
        batch.add_column(sa.Column("pending_request", sa.JSON))


def downgrade() -> None:
    with op.batch_alter_table("tickets") as batch:
        batch.drop_column("pending_request")
        batch.drop_column("service")
