"""Reports from municipalities: questionnaires, their questions, one answer per
municipality, a value per answered question, the history of an answer.

Revision ID: 0010r_reports
Revises: 0009a_representatives
Create Date: 2026-12-02 07:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010r_reports"
down_revision: str | Sequence[str] | None = "0009a_representatives"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "report_forms",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("deadline", TS, nullable=True),
        sa.Column("change_threshold", sa.Float(), nullable=True),
        sa.Column(
            "previous_form_id",
            sa.Integer(),
            sa.ForeignKey(
                "report_forms.id",
                ondelete="SET NULL",
                name="fk_report_forms_previous_form_id_report_forms",
            ),
            nullable=True,
        ),
        sa.Column("created_by", sa.BigInteger(), nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("sent_at", TS, nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_report_forms"),
    )
    op.create_table(
        "report_questions",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "form_id",
            sa.Integer(),
            sa.ForeignKey(
                "report_forms.id",
                ondelete="CASCADE",
                name="fk_report_questions_form_id_report_forms",
            ),
            nullable=False,
        ),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("section", sa.String(200), nullable=False),
        sa.Column("code", sa.String(32), nullable=False),
        sa.Column("text", sa.String(1000), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("options", sa.JSON(), nullable=False),
        sa.Column("unit", sa.String(64), nullable=True),
        sa.Column("min_value", sa.Float(), nullable=True),
        sa.Column("max_value", sa.Float(), nullable=True),
        sa.Column("required", sa.Boolean(), nullable=False),
        sa.Column("hint", sa.String(1000), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_report_questions"),
        sa.UniqueConstraint("form_id", "code", name="uq_report_questions_form_id_code"),
    )
    op.create_table(
        "report_answers",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "form_id",
            sa.Integer(),
            sa.ForeignKey(
                "report_forms.id",
                ondelete="CASCADE",
                name="fk_report_answers_form_id_report_forms",
            ),
            nullable=False,
        ),
        sa.Column(
            "municipality_id",
            sa.Integer(),
            sa.ForeignKey(
                "municipalities.id",
                ondelete="CASCADE",
                name="fk_report_answers_municipality_id_municipalities",
            ),
            nullable=False,
        ),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column(
            "started_by",
            sa.Integer(),
            sa.ForeignKey(
                "users.id", ondelete="SET NULL", name="fk_report_answers_started_by_users"
            ),
            nullable=True,
        ),
        sa.Column(
            "submitted_by",
            sa.Integer(),
            sa.ForeignKey(
                "users.id", ondelete="SET NULL", name="fk_report_answers_submitted_by_users"
            ),
            nullable=True,
        ),
        sa.Column("submitted_at", TS, nullable=True),
        sa.Column("reopened", sa.JSON(), nullable=False),
        sa.Column("reminder_stage", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("reminders_sent", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("updated_at", TS, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_report_answers"),
        sa.UniqueConstraint(
            "form_id", "municipality_id", name="uq_report_answers_form_id_municipality_id"
        ),
    )
    op.create_index("ix_report_answers_form_id", "report_answers", ["form_id"])
    op.create_table(
        "report_values",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "answer_id",
            sa.Integer(),
            sa.ForeignKey(
                "report_answers.id",
                ondelete="CASCADE",
                name="fk_report_values_answer_id_report_answers",
            ),
            nullable=False,
        ),
        sa.Column(
            "question_id",
            sa.Integer(),
            sa.ForeignKey(
                "report_questions.id",
                ondelete="CASCADE",
                name="fk_report_values_question_id_report_questions",
            ),
            nullable=False,
        ),
        sa.Column("value", sa.JSON(), nullable=True),
        sa.Column("unchanged", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("comment", sa.String(1000), nullable=True),
        sa.Column("fixed", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column(
            "updated_by",
            sa.Integer(),
            sa.ForeignKey(
                "users.id", ondelete="SET NULL", name="fk_report_values_updated_by_users"
            ),
            nullable=True,
        ),
        sa.Column("updated_at", TS, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_report_values"),
        sa.UniqueConstraint(
            "answer_id", "question_id", name="uq_report_values_answer_id_question_id"
        ),
    )
    op.create_index("ix_report_values_answer_id", "report_values", ["answer_id"])
    op.create_table(
        "report_events",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "answer_id",
            sa.Integer(),
            sa.ForeignKey(
                "report_answers.id",
                ondelete="CASCADE",
                name="fk_report_events_answer_id_report_answers",
            ),
            nullable=False,
        ),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("actor_telegram_id", sa.BigInteger(), nullable=False),
        sa.Column("comments", sa.JSON(), nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_report_events"),
    )
    op.create_index("ix_report_events_answer_id", "report_events", ["answer_id"])


def downgrade() -> None:
    op.drop_index("ix_report_events_answer_id", table_name="report_events")
    op.drop_table("report_events")
    op.drop_index("ix_report_values_answer_id", table_name="report_values")
    op.drop_table("report_values")
    op.drop_index("ix_report_answers_form_id", table_name="report_answers")
    op.drop_table("report_answers")
    op.drop_table("report_questions")
    op.drop_table("report_forms")
