"""Initial schema: articles, locations, stories, statements, quotes, entities, actors.

Revision ID: 0001
Revises:
Create Date: 2026-11-29
"""

import sqlalchemy as sa
from alembic import op

from sayso.store import fulltext
from sayso.store.types import BodyText, UtcDateTime

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table(
        "actors",
        sa.Column("id", sa.String(length=200), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("name_key", sa.String(length=200), nullable=False),
        sa.Column("type", sa.String(length=16), nullable=True),
        sa.Column("country", sa.String(length=3), nullable=True),
        sa.Column("wikidata", sa.String(length=32), nullable=True),
        sa.Column("sector", sa.String(length=40), nullable=True),
        sa.Column("in_kb", sa.Boolean(), nullable=False),
        sa.Column("updated_at", UtcDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_actors")),
    )
    with op.batch_alter_table("actors", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_actors_name_key"), ["name_key"], unique=False)
        batch_op.create_index(batch_op.f("ix_actors_wikidata"), ["wikidata"], unique=False)

    op.create_table(
        "article_bands",
        sa.Column("band_key", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column(
            "article_pk",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=False,
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("band_key", "article_pk", name=op.f("pk_article_bands")),
        sqlite_with_rowid=False,
    )
    op.create_table(
        "statements",
        sa.Column(
            "pk",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("key", sa.String(length=16), nullable=False),
        sa.Column("speaker_key", sa.String(length=200), nullable=True),
        sa.Column("first_published", UtcDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("pk", name=op.f("pk_statements")),
        sa.UniqueConstraint("key", name=op.f("uq_statements_key")),
    )
    op.create_table(
        "stories",
        sa.Column(
            "pk",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("first_published", UtcDateTime(), nullable=True),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("pk", name=op.f("pk_stories")),
    )
    op.create_table(
        "actor_aliases",
        sa.Column("actor_id", sa.String(length=200), nullable=False),
        sa.Column("alias", sa.Text(), nullable=False),
        sa.Column("alias_key", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_id"],
            ["actors.id"],
            name=op.f("fk_actor_aliases_actor_id_actors"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("actor_id", "alias", name=op.f("pk_actor_aliases")),
    )
    with op.batch_alter_table("actor_aliases", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_actor_aliases_alias_key"), ["alias_key"], unique=False)

    op.create_table(
        "actor_roles",
        sa.Column(
            "pk",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("actor_id", sa.String(length=200), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("country", sa.String(length=3), nullable=True),
        sa.Column("org", sa.Text(), nullable=True),
        sa.Column("start", sa.String(length=10), nullable=True),
        sa.Column("end", sa.String(length=10), nullable=True),
        sa.ForeignKeyConstraint(
            ["actor_id"],
            ["actors.id"],
            name=op.f("fk_actor_roles_actor_id_actors"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("pk", name=op.f("pk_actor_roles")),
    )
    with op.batch_alter_table("actor_roles", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_actor_roles_actor_id"), ["actor_id"], unique=False)

    op.create_table(
        "articles",
        sa.Column(
            "pk",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("id", sa.String(length=16), nullable=False),
        sa.Column("url", sa.Text(), nullable=True),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("raw_ref", sa.Text(), nullable=True),
        sa.Column("outlet", sa.String(length=200), nullable=True),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("author", sa.Text(), nullable=True),
        sa.Column("published", UtcDateTime(), nullable=True),
        sa.Column("language", sa.String(length=16), nullable=True),
        sa.Column("format", sa.String(length=16), nullable=False),
        sa.Column("text", BodyText(), nullable=False),
        sa.Column("meta", sa.JSON(), nullable=True),
        sa.Column("story_pk", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column("analysis_hash", sa.String(length=16), nullable=False),
        sa.Column("quote_count", sa.Integer(), nullable=False),
        sa.Column("ingested_at", UtcDateTime(), nullable=False),
        sa.Column("updated_at", UtcDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["story_pk"], ["stories.pk"], name=op.f("fk_articles_story_pk_stories")
        ),
        sa.PrimaryKeyConstraint("pk", name=op.f("pk_articles")),
        sa.UniqueConstraint("id", name=op.f("uq_articles_id")),
    )
    with op.batch_alter_table("articles", schema=None) as batch_op:
        batch_op.create_index("ix_articles_outlet", ["outlet"], unique=False)
        batch_op.create_index("ix_articles_published", ["published"], unique=False)
        batch_op.create_index(batch_op.f("ix_articles_story_pk"), ["story_pk"], unique=False)

    op.create_table(
        "article_locations",
        sa.Column("locator", sa.Text(), nullable=False),
        sa.Column(
            "article_pk", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("outlet", sa.String(length=200), nullable=True),
        sa.Column("seen_at", UtcDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["article_pk"],
            ["articles.pk"],
            name=op.f("fk_article_locations_article_pk_articles"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("locator", name=op.f("pk_article_locations")),
    )
    with op.batch_alter_table("article_locations", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_article_locations_article_pk"), ["article_pk"], unique=False
        )

    op.create_table(
        "entities",
        sa.Column(
            "article_pk", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("eid", sa.String(length=200), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("type", sa.String(length=16), nullable=False),
        sa.Column("country", sa.String(length=3), nullable=True),
        sa.Column("wikidata", sa.String(length=32), nullable=True),
        sa.Column("sector", sa.String(length=40), nullable=True),
        sa.Column("resolved", sa.Boolean(), nullable=False),
        sa.Column("mentions", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["article_pk"],
            ["articles.pk"],
            name=op.f("fk_entities_article_pk_articles"),
            ondelete="CASCADE",
        ),
    )
    with op.batch_alter_table("entities", schema=None) as batch_op:
        batch_op.create_index("ix_entities_article_pk", ["article_pk"], unique=False)

    op.create_table(
        "quotes",
        sa.Column(
            "pk",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column(
            "article_pk", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "statement_pk", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("qid", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("confidence", sa.Float(), nullable=False),
        sa.Column("parent", sa.String(length=32), nullable=True),
        sa.Column("speaker_key", sa.String(length=200), nullable=True),
        sa.Column("speaker_name", sa.Text(), nullable=True),
        sa.Column("speaker_text", sa.Text(), nullable=True),
        sa.Column("speaker_start", sa.Integer(), nullable=True),
        sa.Column("speaker_end", sa.Integer(), nullable=True),
        sa.Column("cue_text", sa.Text(), nullable=True),
        sa.Column("cue_start", sa.Integer(), nullable=True),
        sa.Column("cue_end", sa.Integer(), nullable=True),
        sa.Column("sort_date", UtcDateTime(), nullable=False),
        sa.Column("outlet", sa.String(length=200), nullable=True),
        sa.Column("language", sa.String(length=16), nullable=True),
        sa.ForeignKeyConstraint(
            ["article_pk"],
            ["articles.pk"],
            name=op.f("fk_quotes_article_pk_articles"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["statement_pk"], ["statements.pk"], name=op.f("fk_quotes_statement_pk_statements")
        ),
        sa.PrimaryKeyConstraint("pk", name=op.f("pk_quotes")),
    )
    with op.batch_alter_table("quotes", schema=None) as batch_op:
        batch_op.create_index("ix_quotes_article_pk", ["article_pk"], unique=False)
        batch_op.create_index("ix_quotes_sort_date", ["sort_date"], unique=False)
        batch_op.create_index(
            "ix_quotes_speaker_key_sort_date", ["speaker_key", "sort_date"], unique=False
        )
        batch_op.create_index("ix_quotes_statement_pk", ["statement_pk"], unique=False)

    op.create_table(
        "quote_about",
        sa.Column(
            "quote_pk",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=False,
            nullable=False,
        ),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["quote_pk"],
            ["quotes.pk"],
            name=op.f("fk_quote_about_quote_pk_quotes"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("quote_pk", "key", name=op.f("pk_quote_about")),
        sqlite_with_rowid=False,
    )
    with op.batch_alter_table("quote_about", schema=None) as batch_op:
        batch_op.create_index("ix_quote_about_key", ["key", "quote_pk"], unique=False)

    op.create_table(
        "quote_mentions",
        sa.Column("quote_pk", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=True),
        sa.Column("name", sa.Text(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["quote_pk"],
            ["quotes.pk"],
            name=op.f("fk_quote_mentions_quote_pk_quotes"),
            ondelete="CASCADE",
        ),
    )
    with op.batch_alter_table("quote_mentions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_quote_mentions_quote_pk"), ["quote_pk"], unique=False)
    fulltext.create_indexes(op.get_bind())


def downgrade() -> None:
    """Downgrade schema."""
    fulltext.drop_indexes(op.get_bind())
    with op.batch_alter_table("quote_mentions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_quote_mentions_quote_pk"))

    op.drop_table("quote_mentions")
    with op.batch_alter_table("quote_about", schema=None) as batch_op:
        batch_op.drop_index("ix_quote_about_key")

    op.drop_table("quote_about")
    with op.batch_alter_table("quotes", schema=None) as batch_op:
        batch_op.drop_index("ix_quotes_statement_pk")
        batch_op.drop_index("ix_quotes_speaker_key_sort_date")
        batch_op.drop_index("ix_quotes_sort_date")
        batch_op.drop_index("ix_quotes_article_pk")

    op.drop_table("quotes")
    with op.batch_alter_table("entities", schema=None) as batch_op:
        batch_op.drop_index("ix_entities_article_pk")

    op.drop_table("entities")
    with op.batch_alter_table("article_locations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_article_locations_article_pk"))

    op.drop_table("article_locations")
    with op.batch_alter_table("articles", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_articles_story_pk"))
        batch_op.drop_index("ix_articles_published")
        batch_op.drop_index("ix_articles_outlet")

    op.drop_table("articles")
    with op.batch_alter_table("actor_roles", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_actor_roles_actor_id"))

    op.drop_table("actor_roles")
    with op.batch_alter_table("actor_aliases", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_actor_aliases_alias_key"))

    op.drop_table("actor_aliases")
    op.drop_table("stories")
    op.drop_table("statements")
    op.drop_table("article_bands")
    with op.batch_alter_table("actors", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_actors_wikidata"))
        batch_op.drop_index(batch_op.f("ix_actors_name_key"))

    op.drop_table("actors")
