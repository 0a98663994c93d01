"""The schema of 0001 to 0015 in one migration, for new databases (a release's squash).

Django runs it only on a database that has none of the migrations it replaces, so there are no
rows for their data migrations to rewrite (0004's and 0014's search vectors, 0009's HTML, 0010's
sources): what they leave in a new database is kept, the two editorial groups with the rights
0002, 0006 and 0011 gave them, and on PostgreSQL the GIN indexes of 0004 and 0014. A database
that has them all sees this one as applied; keep the replaced files until every database has
reached 0015.
"""

import django.contrib.postgres.search
import django.core.validators
import django.db.models.deletion
import django.db.models.functions.text
import django.utils.timezone
import simple_history.models
from django.conf import settings
from django.contrib.auth.management import create_permissions
from django.db import migrations, models

# The models whose rights no group was given: they came after the groups' last grant.
UNGRANTED = ["historicalchairmanship", "historicalorganization", "revision"]
SEARCHED_TABLES = [
    "registry_state",
    "registry_organization",
    "registry_event",
    "registry_statement",
    "registry_measure",
]


def create_groups(apps, schema_editor):
    """Editors may do everything on the registry but publish; Publishers may also publish."""
    # Permissions are normally created after all migrations; the groups need them now.
    app_config = apps.get_app_config("registry")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    registry = Permission.objects.filter(content_type__app_label="registry").exclude(
        content_type__model__in=UNGRANTED
    )
    editors, _ = Group.objects.get_or_create(name="Editors")
    editors.permissions.set(registry.exclude(codename__startswith="publish_"))
    publishers, _ = Group.objects.get_or_create(name="Publishers")
    publishers.permissions.set(registry)


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=["Editors", "Publishers"]).delete()


def create_search_indexes(apps, schema_editor):
    """PostgreSQL only: on SQLite the search is a plain match and the column stays empty."""
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in SEARCHED_TABLES:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {table}_search_gin ON {table} USING gin (search_vector)"
        )


def drop_search_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in SEARCHED_TABLES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {table}_search_gin")


class Migration(migrations.Migration):
    replaces = [
        ("registry", "0001_initial"),
        ("registry", "0002_editors_group"),
        ("registry", "0003_title_indexes"),
        ("registry", "0004_search_indexes"),
        ("registry", "0005_workflow"),
        ("registry", "0006_publishers_group"),
        ("registry", "0007_event_city_index"),
        ("registry", "0008_coordinator_first"),
        ("registry", "0009_sources"),
        ("registry", "0010_source_url_to_sources"),
        ("registry", "0011_sources_permissions"),
        ("registry", "0009_revisions_and_history_for_organizations_and_chairmanships"),
        ("registry", "0009_markdown_rendered_html"),
        ("registry", "0010_merge_markdown_and_revisions"),
        ("registry", "0011_historical_organization_summary_bound"),
        ("registry", "0012_merge_sources"),
        ("registry", "0013_historical_organization_source_url_compat"),
        ("registry", "0014_public_organizations"),
        ("registry", "0010_list_and_search_indexes"),
        ("registry", "0014_merge_indexes"),
        ("registry", "0015_merge_organizations"),
    ]

    initial = True

    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Dimension",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(max_length=100, unique=True)),
                ("slug", models.SlugField(max_length=100, unique=True)),
                ("description", models.TextField(blank=True)),
                ("order", models.PositiveSmallIntegerField(unique=True)),
            ],
            options={
                "ordering": ["order"],
            },
        ),
        migrations.CreateModel(
            name="Event",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "published_at",
                    models.DateTimeField(
                        blank=True,
                        db_index=True,
                        help_text="Empty: a draft, visible to staff only. In the future: scheduled, public from that moment. In the past: public.",
                        null=True,
                    ),
                ),
                (
                    "submitted_at",
                    models.DateTimeField(
                        blank=True, editable=False, null=True, verbose_name="submitted for review"
                    ),
                ),
                (
                    "created_at",
                    models.DateTimeField(default=django.utils.timezone.now, editable=False),
                ),
                (
                    "updated_at",
                    models.DateTimeField(default=django.utils.timezone.now, editable=False),
                ),
                (
                    "search_vector",
                    django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
                ),
                (
                    "source_url",
                    models.URLField(
                        blank=True,
                        editable=False,
                        help_text="Kept for compatibility: the address of the first source, set from the sources below.",
                        max_length=500,
                        verbose_name="source link",
                    ),
                ),
                ("title", models.CharField(db_index=True, max_length=300)),
                ("slug", models.SlugField(max_length=200, unique=True)),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("summit", "Summit"),
                            ("ministerial", "Ministerial meeting"),
                            ("senior_officials", "Senior Officials Committee"),
                            ("working_group", "Special Working Group"),
                            ("forum", "Forum or other event"),
                            ("external", "External event"),
                        ],
                        db_index=True,
                        max_length=20,
                    ),
                ),
                (
                    "ordinal",
                    models.PositiveSmallIntegerField(
                        blank=True,
                        help_text="The number in the series, for example 6 for the Sixth Summit. Empty for meetings that are not numbered.",
                        null=True,
                    ),
                ),
                ("start_date", models.DateField(db_index=True)),
                (
                    "end_date",
                    models.DateField(blank=True, help_text="Empty for a one-day event.", null=True),
                ),
                (
                    "date_precision",
                    models.CharField(
                        choices=[("day", "Day"), ("month", "Month"), ("year", "Year")],
                        default="day",
                        help_text="How much of the date is known. With 'Year' only the year is shown (the month and day stored are placeholders); with 'Month' the month and year.",
                        max_length=5,
                    ),
                ),
                ("city", models.CharField(blank=True, db_index=True, max_length=100)),
                ("is_online", models.BooleanField(default=False, verbose_name="online")),
                (
                    "summary",
                    models.TextField(
                        blank=True,
                        help_text="Markdown, at most 5,000 characters.",
                        max_length=5000,
                        validators=[django.core.validators.MaxLengthValidator(5000)],
                    ),
                ),
                ("summary_html", models.TextField(blank=True, editable=False)),
                (
                    "body",
                    models.TextField(
                        blank=True,
                        help_text="Markdown, at most 100,000 characters.",
                        max_length=100000,
                        validators=[django.core.validators.MaxLengthValidator(100000)],
                    ),
                ),
                ("body_html", models.TextField(blank=True, editable=False)),
                (
                    "note",
                    models.TextField(blank=True, help_text="What is uncertain about this record."),
                ),
            ],
            options={
                "ordering": ["-start_date", "title"],
                "get_latest_by": "start_date",
                "abstract": False,
                "default_permissions": ("add", "change", "delete", "view", "publish"),
            },
        ),
        migrations.CreateModel(
            name="Organization",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "published_at",
                    models.DateTimeField(
                        blank=True,
                        db_index=True,
                        help_text="Empty: a draft, visible to staff only. In the future: scheduled, public from that moment. In the past: public.",
                        null=True,
                    ),
                ),
                (
                    "submitted_at",
                    models.DateTimeField(
                        blank=True, editable=False, null=True, verbose_name="submitted for review"
                    ),
                ),
                (
                    "created_at",
                    models.DateTimeField(default=django.utils.timezone.now, editable=False),
                ),
                (
                    "updated_at",
                    models.DateTimeField(default=django.utils.timezone.now, editable=False),
                ),
                (
                    "search_vector",
                    django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
                ),
                (
                    "source_url",
                    models.URLField(
                        blank=True,
                        editable=False,
                        help_text="Kept for compatibility: the address of the first source, set from the sources below.",
                        max_length=500,
                        verbose_name="source link",
                    ),
                ),
                ("name", models.CharField(max_length=200, unique=True)),
                ("acronym", models.CharField(blank=True, max_length=30)),
                ("slug", models.SlugField(max_length=100, unique=True)),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("observer", "Observer organisation"),
                            ("partner", "Partner organisation"),
                            ("former_observer", "Former observer organisation"),
                        ],
                        db_index=True,
                        max_length=20,
                    ),
                ),
                (
                    "since_year",
                    models.PositiveSmallIntegerField(
                        blank=True,
                        help_text="Year the status began.",
                        null=True,
                        validators=[
                            django.core.validators.MinValueValidator(1992),
                            django.core.validators.MaxValueValidator(2100),
                        ],
                    ),
                ),
                (
                    "summary",
                    models.TextField(
                        blank=True,
                        help_text="Markdown, at most 5,000 characters.",
                        max_length=5000,
                        validators=[django.core.validators.MaxLengthValidator(5000)],
                    ),
                ),
                ("summary_html", models.TextField(blank=True, editable=False)),
                (
                    "note",
                    models.TextField(blank=True, help_text="What is uncertain about this record."),
                ),
            ],
            options={
                "ordering": ["name"],
                "abstract": False,
                "default_permissions": ("add", "change", "delete", "view", "publish"),
            },
        ),
        migrations.CreateModel(
            name="Source",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("url", models.URLField(max_length=500, unique=True, verbose_name="URL")),
                ("title", models.CharField(blank=True, max_length=300)),
                (
                    "publisher",
                    models.CharField(
                        blank=True,
                        help_text="Who published the page, e.g. 'CICA Secretariat'.",
                        max_length=200,
                    ),
                ),
                (
                    "accessed",
                    models.DateField(
                        blank=True,
                        help_text="When the page was last checked.",
                        null=True,
                        verbose_name="date accessed",
                    ),
                ),
            ],
            options={
                "ordering": ["url"],
            },
        ),
        migrations.CreateModel(
            name="State",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "published_at",
                    models.DateTimeField(
                        blank=True,
                        db_index=True,
                        help_text="Empty: a draft, visible to staff only. In the future: scheduled, public from that moment. In the past: public.",
                        null=True,
                    ),
                ),
                (
                    "submitted_at",
                    models.DateTimeField(
                        blank=True, editable=False, null=True, verbose_name="submitted for review"
                    ),
                ),
                (
                    "created_at",
                    models.DateTimeField(default=django.utils.timezone.now, editable=False),
                ),
                (
                    "updated_at",
                    models.DateTimeField(default=django.utils.timezone.now, editable=False),
                ),
                (
                    "search_vector",
                    django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
                ),
                (
                    "source_url",
                    models.URLField(
                        blank=True,
                        editable=False,
                        help_text="Kept for compatibility: the address of the first source, set from the sources below.",
                        max_length=500,
                        verbose_name="source link",
                    ),
                ),
                ("name", models.CharField(max_length=100, unique=True)),
                ("slug", models.SlugField(max_length=100, unique=True)),
                ("official_name", models.CharField(blank=True, max_length=200)),
                (
                    "iso_code",
                    models.CharField(
                        help_text="ISO 3166-1 alpha-2 code, for example KZ.",
                        max_length=2,
                        unique=True,
                        validators=[
                            django.core.validators.RegexValidator(
                                "^[A-Z]{2}$", "Use the two capital letters of ISO 3166-1."
                            )
                        ],
                        verbose_name="ISO code",
                    ),
                ),
                (
                    "region",
                    models.CharField(
                        choices=[
                            ("central_asia", "Central Asia"),
                            ("east_asia", "East Asia"),
                            ("south_asia", "South Asia"),
                            ("southeast_asia", "Southeast Asia"),
                            ("west_asia", "West Asia"),
                            ("north_asia", "Europe and North Asia"),
                            ("europe", "Europe"),
                            ("north_america", "North America"),
                            ("oceania", "Oceania"),
                        ],
                        db_index=True,
                        max_length=20,
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("member", "Member state"),
                            ("observer", "Observer state"),
                            ("former_observer", "Former observer"),
                        ],
                        db_index=True,
                        max_length=20,
                    ),
                ),
                (
                    "joined_year",
                    models.PositiveSmallIntegerField(
                        blank=True,
                        db_index=True,
                        help_text="Year the state became a member. Required for members.",
                        null=True,
                        validators=[
                            django.core.validators.MinValueValidator(1992),
                            django.core.validators.MaxValueValidator(2100),
                        ],
                    ),
                ),
                (
                    "observer_since",
                    models.PositiveSmallIntegerField(
                        blank=True,
                        help_text="Year observer status began.",
                        null=True,
                        validators=[
                            django.core.validators.MinValueValidator(1992),
                            django.core.validators.MaxValueValidator(2100),
                        ],
                    ),
                ),
                (
                    "observer_until",
                    models.PositiveSmallIntegerField(
                        blank=True,
                        help_text="Year observer status ended (for former observers, and observers who joined).",
                        null=True,
                        validators=[
                            django.core.validators.MinValueValidator(1992),
                            django.core.validators.MaxValueValidator(2100),
                        ],
                    ),
                ),
                (
                    "summary",
                    models.TextField(
                        blank=True,
                        help_text="Markdown, at most 5,000 characters.",
                        max_length=5000,
                        validators=[django.core.validators.MaxLengthValidator(5000)],
                    ),
                ),
                ("summary_html", models.TextField(blank=True, editable=False)),
                (
                    "note",
                    models.TextField(
                        blank=True,
                        help_text="What is uncertain or disputed about this record, shown to visitors.",
                    ),
                ),
            ],
            options={
                "ordering": ["name"],
                "abstract": False,
                "default_permissions": ("add", "change", "delete", "view", "publish"),
            },
        ),
        migrations.CreateModel(
            name="Topic",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(max_length=100, unique=True)),
                ("slug", models.SlugField(max_length=100, unique=True)),
                ("description", models.TextField(blank=True)),
            ],
            options={
                "ordering": ["name"],
            },
        ),
        migrations.CreateModel(
            name="HistoricalEvent",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                (
                    "published_at",
                    models.DateTimeField(
                        blank=True,
                        db_index=True,
                        help_text="Empty: a draft, visible to staff only. In the future: scheduled, public from that moment. In the past: public.",
                        null=True,
                    ),
                ),
                (
                    "submitted_at",
                    models.DateTimeField(
                        blank=True, editable=False, null=True, verbose_name="submitted for review"
                    ),
                ),
                (
                    "created_at",
                    models.DateTimeField(default=django.utils.timezone.now, editable=False),
                ),
                (
                    "updated_at",
                    models.DateTimeField(default=django.utils.timezone.now, editable=False),
                ),
                (
                    "source_url",
                    models.URLField(
                        blank=True,
                        editable=False,
                        help_text="Kept for compatibility: the address of the first source, set from the sources below.",
                        max_length=500,
                        verbose_name="source link",
                    ),
                ),
                ("title", models.CharField(db_index=True, max_length=300)),
                ("slug", models.SlugField(max_length=200)),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("summit", "Summit"),
                            ("ministerial", "Ministerial meeting"),
                            ("senior_officials", "Senior Officials Committee"),
                            ("working_group", "Special Working Group"),
                            ("forum", "Forum or other event"),
                            ("external", "External event"),
                        ],
                        db_index=True,
                        max_length=20,
                    ),
                ),
                (
                    "ordinal",
                    models.PositiveSmallIntegerField(
                        blank=True,
                        help_text="The number in the series, for example 6 for the Sixth Summit. Empty for meetings that are not numbered.",
                        null=True,
                    ),
                ),
                ("start_date", models.DateField(db_index=True)),
                (
                    "end_date",
                    models.DateField(blank=True, help_text="Empty for a one-day event.", null=True),
                ),
                (
                    "date_precision",
                    models.CharField(
                        choices=[("day", "Day"), ("month", "Month"), ("year", "Year")],
                        default="day",
                        help_text="How much of the date is known. With 'Year' only the year is shown (the month and day stored are placeholders); with 'Month' the month and year.",
                        max_length=5,
                    ),
                ),
                ("city", models.CharField(blank=True, db_index=True, max_length=100)),
                ("is_online", models.BooleanField(default=False, verbose_name="online")),
                (
                    "summary",
                    models.TextField(
                        blank=True,
                        help_text="Markdown, at most 5,000 characters.",
                        max_length=5000,
                        validators=[django.core.validators.MaxLengthValidator(5000)],
                    ),
                ),
                (
                    "body",
                    models.TextField(
                        blank=True,
                        help_text="Markdown, at most 100,000 characters.",
                        max_length=100000,
                        validators=[django.core.validators.MaxLengthValidator(100000)],
                    ),
                ),
                (
                    "note",
                    models.TextField(blank=True, help_text="What is uncertain about this record."),
                ),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "host",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="registry.state",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical event",
                "verbose_name_plural": "historical events",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalOrganization",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                (
                    "published_at",
                    models.DateTimeField(
                        blank=True,
                        db_index=True,
                        help_text="Empty: a draft, visible to staff only. In the future: scheduled, public from that moment. In the past: public.",
                        null=True,
                    ),
                ),
                (
                    "submitted_at",
                    models.DateTimeField(
                        blank=True, editable=False, null=True, verbose_name="submitted for review"
                    ),
                ),
                (
                    "created_at",
                    models.DateTimeField(default=django.utils.timezone.now, editable=False),
                ),
                (
                    "updated_at",
                    models.DateTimeField(default=django.utils.timezone.now, editable=False),
                ),
                (
                    "source_url",
                    models.URLField(
                        blank=True,
                        editable=False,
                        help_text="Kept for compatibility: the address of the first source, set from the sources below.",
                        max_length=500,
                        verbose_name="source link",
                    ),
                ),
                ("name", models.CharField(db_index=True, max_length=200)),
                ("acronym", models.CharField(blank=True, max_length=30)),
                ("slug", models.SlugField(max_length=100)),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("observer", "Observer organisation"),
                            ("partner", "Partner organisation"),
                            ("former_observer", "Former observer organisation"),
                        ],
                        db_index=True,
                        max_length=20,
                    ),
                ),
                (
                    "since_year",
                    models.PositiveSmallIntegerField(
                        blank=True,
                        help_text="Year the status began.",
                        null=True,
                        validators=[
                            django.core.validators.MinValueValidator(1992),
                            django.core.validators.MaxValueValidator(2100),
                        ],
                    ),
                ),
                (
                    "summary",
                    models.TextField(
                        blank=True,
                        help_text="Markdown, at most 5,000 characters.",
                        max_length=5000,
                        validators=[django.core.validators.MaxLengthValidator(5000)],
                    ),
                ),
                (
                    "note",
                    models.TextField(blank=True, help_text="What is uncertain about this record."),
                ),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "historical organization",
                "verbose_name_plural": "historical organizations",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalState",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                (
                    "published_at",
                    models.DateTimeField(
                        blank=True,
                        db_index=True,
                        help_text="Empty: a draft, visible to staff only. In the future: scheduled, public from that moment. In the past: public.",
                        null=True,
                    ),
                ),
                (
                    "submitted_at",
                    models.DateTimeField(
                        blank=True, editable=False, null=True, verbose_name="submitted for review"
                    ),
                ),
                (
                    "created_at",
                    models.DateTimeField(default=django.utils.timezone.now, editable=False),
                ),
                (
                    "updated_at",
                    models.DateTimeField(default=django.utils.timezone.now, editable=False),
                ),
                (
                    "source_url",
                    models.URLField(
                        blank=True,
                        editable=False,
                        help_text="Kept for compatibility: the address of the first source, set from the sources below.",
                        max_length=500,
                        verbose_name="source link",
                    ),
                ),
                ("name", models.CharField(db_index=True, max_length=100)),
                ("slug", models.SlugField(max_length=100)),
                ("official_name", models.CharField(blank=True, max_length=200)),
                (
                    "iso_code",
                    models.CharField(
                        db_index=True,
                        help_text="ISO 3166-1 alpha-2 code, for example KZ.",
                        max_length=2,
                        validators=[
                            django.core.validators.RegexValidator(
                                "^[A-Z]{2}$", "Use the two capital letters of ISO 3166-1."
                            )
                        ],
                        verbose_name="ISO code",
                    ),
                ),
                (
                    "region",
                    models.CharField(
                        choices=[
                            ("central_asia", "Central Asia"),
                            ("east_asia", "East Asia"),
                            ("south_asia", "South Asia"),
                            ("southeast_asia", "Southeast Asia"),
                            ("west_asia", "West Asia"),
                            ("north_asia", "Europe and North Asia"),
                            ("europe", "Europe"),
                            ("north_america", "North America"),
                            ("oceania", "Oceania"),
                        ],
                        db_index=True,
                        max_length=20,
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("member", "Member state"),
                            ("observer", "Observer state"),
                            ("former_observer", "Former observer"),
                        ],
                        db_index=True,
                        max_length=20,
                    ),
                ),
                (
                    "joined_year",
                    models.PositiveSmallIntegerField(
                        blank=True,
                        db_index=True,
                        help_text="Year the state became a member. Required for members.",
                        null=True,
                        validators=[
                            django.core.validators.MinValueValidator(1992),
                            django.core.validators.MaxValueValidator(2100),
                        ],
                    ),
                ),
                (
                    "observer_since",
                    models.PositiveSmallIntegerField(
                        blank=True,
                        help_text="Year observer status began.",
                        null=True,
                        validators=[
                            django.core.validators.MinValueValidator(1992),
                            django.core.validators.MaxValueValidator(2100),
                        ],
                    ),
                ),
                (
                    "observer_until",
                    models.PositiveSmallIntegerField(
                        blank=True,
                        help_text="Year observer status ended (for former observers, and observers who joined).",
                        null=True,
                        validators=[
                            django.core.validators.MinValueValidator(1992),
                            django.core.validators.MaxValueValidator(2100),
                        ],
                    ),
                ),
                (
                    "summary",
                    models.TextField(
                        blank=True,
                        help_text="Markdown, at most 5,000 characters.",
                        max_length=5000,
                        validators=[django.core.validators.MaxLengthValidator(5000)],
                    ),
                ),
                (
                    "note",
                    models.TextField(
                        blank=True,
                        help_text="What is uncertain or disputed about this record, shown to visitors.",
                    ),
                ),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "historical state",
                "verbose_name_plural": "historical states",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalStatement",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                (
                    "published_at",
                    models.DateTimeField(
                        blank=True,
                        db_index=True,
                        help_text="Empty: a draft, visible to staff only. In the future: scheduled, public from that moment. In the past: public.",
                        null=True,
                    ),
                ),
                (
                    "submitted_at",
                    models.DateTimeField(
                        blank=True, editable=False, null=True, verbose_name="submitted for review"
                    ),
                ),
                (
                    "created_at",
                    models.DateTimeField(default=django.utils.timezone.now, editable=False),
                ),
                (
                    "updated_at",
                    models.DateTimeField(default=django.utils.timezone.now, editable=False),
                ),
                (
                    "source_url",
                    models.URLField(
                        blank=True,
                        editable=False,
                        help_text="Kept for compatibility: the address of the first source, set from the sources below.",
                        max_length=500,
                        verbose_name="source link",
                    ),
                ),
                ("title", models.CharField(db_index=True, max_length=300)),
                (
                    "short_title",
                    models.CharField(
                        blank=True,
                        help_text="The name people search for, for example 'Astana Statement'.",
                        max_length=120,
                        verbose_name="short name",
                    ),
                ),
                ("slug", models.SlugField(max_length=200)),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("act", "Act"),
                            ("declaration", "Declaration"),
                            ("statement", "Statement"),
                            ("catalogue", "Catalogue"),
                            ("rules", "Rules"),
                            ("regulations", "Regulations"),
                            ("action_plan", "Action plan"),
                            ("road_map", "Road map"),
                            ("decision", "Decision"),
                            ("concept_paper", "Concept paper"),
                            ("agreement", "Agreement"),
                            ("speech", "Speech"),
                        ],
                        db_index=True,
                        max_length=20,
                    ),
                ),
                ("date", models.DateField(db_index=True)),
                (
                    "date_precision",
                    models.CharField(
                        choices=[("day", "Day"), ("month", "Month"), ("year", "Year")],
                        default="day",
                        help_text="How much of the date is known. With 'Year' only the year is shown (the month and day stored are placeholders); with 'Month' the month and year.",
                        max_length=5,
                    ),
                ),
                ("speaker", models.CharField(blank=True, max_length=200)),
                (
                    "summary",
                    models.TextField(
                        blank=True,
                        help_text="Markdown, at most 5,000 characters.",
                        max_length=5000,
                        validators=[django.core.validators.MaxLengthValidator(5000)],
                    ),
                ),
                (
                    "text",
                    models.TextField(
                        blank=True,
                        help_text="Markdown, at most 100,000 characters.",
                        max_length=100000,
                        validators=[django.core.validators.MaxLengthValidator(100000)],
                        verbose_name="full text",
                    ),
                ),
                (
                    "note",
                    models.TextField(blank=True, help_text="What is uncertain about this record."),
                ),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
                (
                    "event",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        help_text="Where it was adopted or delivered.",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="registry.event",
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "state",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        help_text="The state that delivered it, for statements and speeches.",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="registry.state",
                        verbose_name="delivering state",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical statement",
                "verbose_name_plural": "historical statements",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="Measure",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "published_at",
                    models.DateTimeField(
                        blank=True,
                        db_index=True,
                        help_text="Empty: a draft, visible to staff only. In the future: scheduled, public from that moment. In the past: public.",
                        null=True,
                    ),
                ),
                (
                    "submitted_at",
                    models.DateTimeField(
                        blank=True, editable=False, null=True, verbose_name="submitted for review"
                    ),
                ),
                (
                    "created_at",
                    models.DateTimeField(default=django.utils.timezone.now, editable=False),
                ),
                (
                    "updated_at",
                    models.DateTimeField(default=django.utils.timezone.now, editable=False),
                ),
                (
                    "search_vector",
                    django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
                ),
                (
                    "source_url",
                    models.URLField(
                        blank=True,
                        editable=False,
                        help_text="Kept for compatibility: the address of the first source, set from the sources below.",
                        max_length=500,
                        verbose_name="source link",
                    ),
                ),
                ("title", models.CharField(db_index=True, max_length=300)),
                ("slug", models.SlugField(max_length=200, unique=True)),
                (
                    "description",
                    models.TextField(
                        blank=True,
                        help_text="Markdown, at most 5,000 characters.",
                        max_length=5000,
                        validators=[django.core.validators.MaxLengthValidator(5000)],
                    ),
                ),
                ("description_html", models.TextField(blank=True, editable=False)),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("active", "Active"),
                            ("proposed", "Proposed"),
                            ("inactive", "Inactive"),
                        ],
                        db_index=True,
                        default="active",
                        max_length=20,
                    ),
                ),
                (
                    "introduced_year",
                    models.PositiveSmallIntegerField(
                        blank=True,
                        null=True,
                        validators=[
                            django.core.validators.MinValueValidator(1992),
                            django.core.validators.MaxValueValidator(2100),
                        ],
                    ),
                ),
                (
                    "note",
                    models.TextField(blank=True, help_text="What is uncertain about this record."),
                ),
                (
                    "dimension",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="measures",
                        to="registry.dimension",
                    ),
                ),
            ],
            options={
                "ordering": ["dimension__order", "title"],
                "abstract": False,
                "default_permissions": ("add", "change", "delete", "view", "publish"),
            },
        ),
        migrations.CreateModel(
            name="CoordinatorRole",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "role",
                    models.CharField(
                        choices=[
                            ("coordinator", "Coordinator"),
                            ("co_coordinator", "Co-coordinator"),
                        ],
                        default="coordinator",
                        max_length=20,
                    ),
                ),
                (
                    "measure",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="roles",
                        to="registry.measure",
                    ),
                ),
                (
                    "state",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="measure_roles",
                        to="registry.state",
                    ),
                ),
            ],
            options={
                "ordering": [
                    models.OrderBy(
                        models.Case(
                            models.When(role="coordinator", then=models.Value(0)),
                            default=models.Value(1),
                        )
                    ),
                    "state__name",
                ],
            },
        ),
        migrations.CreateModel(
            name="OrganizationSource",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "position",
                    models.PositiveSmallIntegerField(
                        default=1, help_text="The source's number in the record's list of sources."
                    ),
                ),
                (
                    "record",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="citations",
                        to="registry.organization",
                    ),
                ),
                (
                    "source",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, to="registry.source"
                    ),
                ),
            ],
            options={
                "verbose_name": "source",
                "ordering": ["position", "pk"],
                "abstract": False,
            },
        ),
        migrations.AddField(
            model_name="organization",
            name="sources",
            field=models.ManyToManyField(
                blank=True,
                related_name="organizations",
                through="registry.OrganizationSource",
                to="registry.source",
            ),
        ),
        migrations.CreateModel(
            name="MeasureSource",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "position",
                    models.PositiveSmallIntegerField(
                        default=1, help_text="The source's number in the record's list of sources."
                    ),
                ),
                (
                    "record",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="citations",
                        to="registry.measure",
                    ),
                ),
                (
                    "source",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, to="registry.source"
                    ),
                ),
            ],
            options={
                "verbose_name": "source",
                "ordering": ["position", "pk"],
                "abstract": False,
            },
        ),
        migrations.AddField(
            model_name="measure",
            name="sources",
            field=models.ManyToManyField(
                blank=True,
                related_name="measures",
                through="registry.MeasureSource",
                to="registry.source",
            ),
        ),
        migrations.CreateModel(
            name="EventSource",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "position",
                    models.PositiveSmallIntegerField(
                        default=1, help_text="The source's number in the record's list of sources."
                    ),
                ),
                (
                    "record",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="citations",
                        to="registry.event",
                    ),
                ),
                (
                    "source",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, to="registry.source"
                    ),
                ),
            ],
            options={
                "verbose_name": "source",
                "ordering": ["position", "pk"],
                "abstract": False,
            },
        ),
        migrations.AddField(
            model_name="event",
            name="sources",
            field=models.ManyToManyField(
                blank=True,
                related_name="events",
                through="registry.EventSource",
                to="registry.source",
            ),
        ),
        migrations.AddField(
            model_name="measure",
            name="coordinators",
            field=models.ManyToManyField(
                blank=True,
                related_name="coordinated_measures",
                through="registry.CoordinatorRole",
                to="registry.state",
            ),
        ),
        migrations.CreateModel(
            name="HistoricalEvent_participants",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                ("m2m_history_id", models.AutoField(primary_key=True, serialize=False)),
                (
                    "event",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_tablespace="",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="registry.event",
                    ),
                ),
                (
                    "history",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        to="registry.historicalevent",
                    ),
                ),
                (
                    "state",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_tablespace="",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="registry.state",
                    ),
                ),
            ],
            options={
                "verbose_name": "HistoricalEvent_participants",
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalCoordinatorRole",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                (
                    "role",
                    models.CharField(
                        choices=[
                            ("coordinator", "Coordinator"),
                            ("co_coordinator", "Co-coordinator"),
                        ],
                        default="coordinator",
                        max_length=20,
                    ),
                ),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "measure",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="registry.measure",
                    ),
                ),
                (
                    "state",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="registry.state",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical coordinator role",
                "verbose_name_plural": "historical coordinator roles",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalChairmanship",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                ("start_date", models.DateField()),
                (
                    "start_precision",
                    models.CharField(
                        choices=[("day", "Day"), ("month", "Month"), ("year", "Year")],
                        default="day",
                        help_text="How much of the date is known. With 'Year' only the year is shown (the month and day stored are placeholders); with 'Month' the month and year.",
                        max_length=5,
                    ),
                ),
                (
                    "end_date",
                    models.DateField(blank=True, help_text="Empty while the term runs.", null=True),
                ),
                ("note", models.TextField(blank=True)),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "state",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="registry.state",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical chairmanship",
                "verbose_name_plural": "historical chairmanships",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.AddField(
            model_name="event",
            name="host",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="hosted_events",
                to="registry.state",
            ),
        ),
        migrations.AddField(
            model_name="event",
            name="participants",
            field=models.ManyToManyField(blank=True, related_name="events", to="registry.state"),
        ),
        migrations.CreateModel(
            name="Chairmanship",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("start_date", models.DateField()),
                (
                    "start_precision",
                    models.CharField(
                        choices=[("day", "Day"), ("month", "Month"), ("year", "Year")],
                        default="day",
                        help_text="How much of the date is known. With 'Year' only the year is shown (the month and day stored are placeholders); with 'Month' the month and year.",
                        max_length=5,
                    ),
                ),
                (
                    "end_date",
                    models.DateField(blank=True, help_text="Empty while the term runs.", null=True),
                ),
                ("note", models.TextField(blank=True)),
                (
                    "state",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="chairmanships",
                        to="registry.state",
                    ),
                ),
            ],
            options={
                "ordering": ["start_date"],
            },
        ),
        migrations.CreateModel(
            name="Statement",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "published_at",
                    models.DateTimeField(
                        blank=True,
                        db_index=True,
                        help_text="Empty: a draft, visible to staff only. In the future: scheduled, public from that moment. In the past: public.",
                        null=True,
                    ),
                ),
                (
                    "submitted_at",
                    models.DateTimeField(
                        blank=True, editable=False, null=True, verbose_name="submitted for review"
                    ),
                ),
                (
                    "created_at",
                    models.DateTimeField(default=django.utils.timezone.now, editable=False),
                ),
                (
                    "updated_at",
                    models.DateTimeField(default=django.utils.timezone.now, editable=False),
                ),
                (
                    "search_vector",
                    django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
                ),
                (
                    "source_url",
                    models.URLField(
                        blank=True,
                        editable=False,
                        help_text="Kept for compatibility: the address of the first source, set from the sources below.",
                        max_length=500,
                        verbose_name="source link",
                    ),
                ),
                ("title", models.CharField(db_index=True, max_length=300)),
                (
                    "short_title",
                    models.CharField(
                        blank=True,
                        help_text="The name people search for, for example 'Astana Statement'.",
                        max_length=120,
                        verbose_name="short name",
                    ),
                ),
                ("slug", models.SlugField(max_length=200, unique=True)),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("act", "Act"),
                            ("declaration", "Declaration"),
                            ("statement", "Statement"),
                            ("catalogue", "Catalogue"),
                            ("rules", "Rules"),
                            ("regulations", "Regulations"),
                            ("action_plan", "Action plan"),
                            ("road_map", "Road map"),
                            ("decision", "Decision"),
                            ("concept_paper", "Concept paper"),
                            ("agreement", "Agreement"),
                            ("speech", "Speech"),
                        ],
                        db_index=True,
                        max_length=20,
                    ),
                ),
                ("date", models.DateField(db_index=True)),
                (
                    "date_precision",
                    models.CharField(
                        choices=[("day", "Day"), ("month", "Month"), ("year", "Year")],
                        default="day",
                        help_text="How much of the date is known. With 'Year' only the year is shown (the month and day stored are placeholders); with 'Month' the month and year.",
                        max_length=5,
                    ),
                ),
                ("speaker", models.CharField(blank=True, max_length=200)),
                (
                    "summary",
                    models.TextField(
                        blank=True,
                        help_text="Markdown, at most 5,000 characters.",
                        max_length=5000,
                        validators=[django.core.validators.MaxLengthValidator(5000)],
                    ),
                ),
                ("summary_html", models.TextField(blank=True, editable=False)),
                (
                    "text",
                    models.TextField(
                        blank=True,
                        help_text="Markdown, at most 100,000 characters.",
                        max_length=100000,
                        validators=[django.core.validators.MaxLengthValidator(100000)],
                        verbose_name="full text",
                    ),
                ),
                ("text_html", models.TextField(blank=True, editable=False)),
                (
                    "note",
                    models.TextField(blank=True, help_text="What is uncertain about this record."),
                ),
                (
                    "endorsed_by",
                    models.ManyToManyField(
                        blank=True,
                        related_name="endorsed_statements",
                        to="registry.state",
                        verbose_name="endorsing states",
                    ),
                ),
                (
                    "event",
                    models.ForeignKey(
                        blank=True,
                        help_text="Where it was adopted or delivered.",
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="statements",
                        to="registry.event",
                    ),
                ),
                (
                    "state",
                    models.ForeignKey(
                        blank=True,
                        help_text="The state that delivered it, for statements and speeches.",
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="delivered_statements",
                        to="registry.state",
                        verbose_name="delivering state",
                    ),
                ),
            ],
            options={
                "ordering": ["-date", "title"],
                "get_latest_by": "date",
                "abstract": False,
                "default_permissions": ("add", "change", "delete", "view", "publish"),
            },
        ),
        migrations.AddField(
            model_name="measure",
            name="established_by",
            field=models.ForeignKey(
                blank=True,
                help_text="The document that established this measure, usually the Catalogue of CBMs.",
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="established_measures",
                to="registry.statement",
            ),
        ),
        migrations.CreateModel(
            name="HistoricalStatement_endorsed_by",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                ("m2m_history_id", models.AutoField(primary_key=True, serialize=False)),
                (
                    "history",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        to="registry.historicalstatement",
                    ),
                ),
                (
                    "state",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_tablespace="",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="registry.state",
                    ),
                ),
                (
                    "statement",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_tablespace="",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="registry.statement",
                    ),
                ),
            ],
            options={
                "verbose_name": "HistoricalStatement_endorsed_by",
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalMeasure",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                (
                    "published_at",
                    models.DateTimeField(
                        blank=True,
                        db_index=True,
                        help_text="Empty: a draft, visible to staff only. In the future: scheduled, public from that moment. In the past: public.",
                        null=True,
                    ),
                ),
                (
                    "submitted_at",
                    models.DateTimeField(
                        blank=True, editable=False, null=True, verbose_name="submitted for review"
                    ),
                ),
                (
                    "created_at",
                    models.DateTimeField(default=django.utils.timezone.now, editable=False),
                ),
                (
                    "updated_at",
                    models.DateTimeField(default=django.utils.timezone.now, editable=False),
                ),
                (
                    "source_url",
                    models.URLField(
                        blank=True,
                        editable=False,
                        help_text="Kept for compatibility: the address of the first source, set from the sources below.",
                        max_length=500,
                        verbose_name="source link",
                    ),
                ),
                ("title", models.CharField(db_index=True, max_length=300)),
                ("slug", models.SlugField(max_length=200)),
                (
                    "description",
                    models.TextField(
                        blank=True,
                        help_text="Markdown, at most 5,000 characters.",
                        max_length=5000,
                        validators=[django.core.validators.MaxLengthValidator(5000)],
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("active", "Active"),
                            ("proposed", "Proposed"),
                            ("inactive", "Inactive"),
                        ],
                        db_index=True,
                        default="active",
                        max_length=20,
                    ),
                ),
                (
                    "introduced_year",
                    models.PositiveSmallIntegerField(
                        blank=True,
                        null=True,
                        validators=[
                            django.core.validators.MinValueValidator(1992),
                            django.core.validators.MaxValueValidator(2100),
                        ],
                    ),
                ),
                (
                    "note",
                    models.TextField(blank=True, help_text="What is uncertain about this record."),
                ),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
                (
                    "dimension",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="registry.dimension",
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "established_by",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        help_text="The document that established this measure, usually the Catalogue of CBMs.",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="registry.statement",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical measure",
                "verbose_name_plural": "historical measures",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="StatementSource",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "position",
                    models.PositiveSmallIntegerField(
                        default=1, help_text="The source's number in the record's list of sources."
                    ),
                ),
                (
                    "record",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="citations",
                        to="registry.statement",
                    ),
                ),
                (
                    "source",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, to="registry.source"
                    ),
                ),
            ],
            options={
                "verbose_name": "source",
                "ordering": ["position", "pk"],
                "abstract": False,
            },
        ),
        migrations.AddField(
            model_name="statement",
            name="sources",
            field=models.ManyToManyField(
                blank=True,
                related_name="statements",
                through="registry.StatementSource",
                to="registry.source",
            ),
        ),
        migrations.CreateModel(
            name="StateSource",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "position",
                    models.PositiveSmallIntegerField(
                        default=1, help_text="The source's number in the record's list of sources."
                    ),
                ),
                (
                    "record",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="citations",
                        to="registry.state",
                    ),
                ),
                (
                    "source",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, to="registry.source"
                    ),
                ),
            ],
            options={
                "verbose_name": "source",
                "ordering": ["position", "pk"],
                "abstract": False,
            },
        ),
        migrations.AddField(
            model_name="state",
            name="sources",
            field=models.ManyToManyField(
                blank=True,
                related_name="states",
                through="registry.StateSource",
                to="registry.source",
            ),
        ),
        migrations.AddField(
            model_name="statement",
            name="topics",
            field=models.ManyToManyField(
                blank=True, related_name="statements", to="registry.topic"
            ),
        ),
        migrations.AddField(
            model_name="measure",
            name="topics",
            field=models.ManyToManyField(blank=True, related_name="measures", to="registry.topic"),
        ),
        migrations.CreateModel(
            name="HistoricalStatement_topics",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                ("m2m_history_id", models.AutoField(primary_key=True, serialize=False)),
                (
                    "history",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        to="registry.historicalstatement",
                    ),
                ),
                (
                    "statement",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_tablespace="",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="registry.statement",
                    ),
                ),
                (
                    "topic",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_tablespace="",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="registry.topic",
                    ),
                ),
            ],
            options={
                "verbose_name": "HistoricalStatement_topics",
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalMeasure_topics",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                ("m2m_history_id", models.AutoField(primary_key=True, serialize=False)),
                (
                    "history",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        to="registry.historicalmeasure",
                    ),
                ),
                (
                    "measure",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_tablespace="",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="registry.measure",
                    ),
                ),
                (
                    "topic",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_tablespace="",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="registry.topic",
                    ),
                ),
            ],
            options={
                "verbose_name": "HistoricalMeasure_topics",
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="Revision",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("object_id", models.CharField(max_length=64)),
                ("object_repr", models.CharField(max_length=300, verbose_name="record")),
                (
                    "action",
                    models.CharField(
                        choices=[("change", "Change"), ("delete", "Deletion")],
                        default="change",
                        max_length=10,
                    ),
                ),
                ("data", models.JSONField(blank=True, default=dict)),
                (
                    "note",
                    models.CharField(
                        blank=True, help_text="Where the change came from.", max_length=300
                    ),
                ),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("pending", "Pending review"),
                            ("approved", "Approved"),
                            ("rejected", "Rejected"),
                        ],
                        db_index=True,
                        default="pending",
                        max_length=10,
                    ),
                ),
                ("reviewed_at", models.DateTimeField(blank=True, null=True)),
                ("reason", models.TextField(blank=True, help_text="Why the change was rejected.")),
                (
                    "author",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="revisions",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "content_type",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, to="contenttypes.contenttype"
                    ),
                ),
                (
                    "reviewer",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="reviewed_revisions",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "ordering": ["created_at", "pk"],
                "indexes": [
                    models.Index(
                        fields=["content_type", "object_id", "status"],
                        name="registry_re_content_9aa57d_idx",
                    )
                ],
            },
        ),
        migrations.AddConstraint(
            model_name="organizationsource",
            constraint=models.UniqueConstraint(
                fields=("record", "source"), name="organization_source_cites_once"
            ),
        ),
        migrations.AddConstraint(
            model_name="measuresource",
            constraint=models.UniqueConstraint(
                fields=("record", "source"), name="measure_source_cites_once"
            ),
        ),
        migrations.AddConstraint(
            model_name="eventsource",
            constraint=models.UniqueConstraint(
                fields=("record", "source"), name="event_source_cites_once"
            ),
        ),
        migrations.AddIndex(
            model_name="event",
            index=models.Index(
                models.OrderBy(models.F("start_date"), descending=True),
                models.F("title"),
                models.F("id"),
                name="event_list_order",
            ),
        ),
        migrations.AddIndex(
            model_name="event",
            index=models.Index(models.F("updated_at"), name="event_updated_at"),
        ),
        migrations.AddIndex(
            model_name="event",
            index=models.Index(
                django.db.models.functions.text.Upper("title"), name="event_title_upper"
            ),
        ),
        migrations.AddIndex(
            model_name="event",
            index=models.Index(
                models.F("host"),
                models.OrderBy(models.F("start_date"), descending=True),
                name="event_host_latest",
            ),
        ),
        migrations.AddConstraint(
            model_name="event",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("end_date__isnull", True),
                    ("end_date__gte", models.F("start_date")),
                    _connector="OR",
                ),
                name="event_ends_after_start",
                violation_error_message="An event cannot end before it starts.",
            ),
        ),
        migrations.AddConstraint(
            model_name="coordinatorrole",
            constraint=models.UniqueConstraint(
                fields=("measure", "state"),
                name="one_role_per_state_per_measure",
                violation_error_message="This state already has a role in this measure.",
            ),
        ),
        migrations.AddConstraint(
            model_name="chairmanship",
            constraint=models.UniqueConstraint(
                fields=("state", "start_date"), name="chairmanship_unique_start"
            ),
        ),
        migrations.AddConstraint(
            model_name="chairmanship",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("end_date__isnull", True),
                    ("end_date__gte", models.F("start_date")),
                    _connector="OR",
                ),
                name="chairmanship_ends_after_start",
                violation_error_message="A chairmanship cannot end before it starts.",
            ),
        ),
        migrations.AddConstraint(
            model_name="statementsource",
            constraint=models.UniqueConstraint(
                fields=("record", "source"), name="statement_source_cites_once"
            ),
        ),
        migrations.AddConstraint(
            model_name="statesource",
            constraint=models.UniqueConstraint(
                fields=("record", "source"), name="state_source_cites_once"
            ),
        ),
        migrations.AddIndex(
            model_name="state",
            index=models.Index(
                django.db.models.functions.text.Upper("name"), name="state_name_upper"
            ),
        ),
        migrations.AddIndex(
            model_name="state",
            index=models.Index(
                django.db.models.functions.text.Upper("iso_code"), name="state_iso_code_upper"
            ),
        ),
        migrations.AddConstraint(
            model_name="state",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("status", "member"), _negated=True),
                    ("joined_year__isnull", False),
                    _connector="OR",
                ),
                name="state_member_has_joined_year",
                violation_error_message="A member state needs the year it joined.",
            ),
        ),
        migrations.AddConstraint(
            model_name="state",
            constraint=models.CheckConstraint(
                condition=models.Q(("iso_code__regex", "^[A-Z][A-Z]$")),
                name="state_iso_code_two_capitals",
                violation_error_message="The ISO code is two capital letters.",
            ),
        ),
        migrations.AddIndex(
            model_name="statement",
            index=models.Index(
                models.OrderBy(models.F("date"), descending=True),
                models.F("title"),
                models.F("id"),
                name="statement_list_order",
            ),
        ),
        migrations.AddIndex(
            model_name="statement",
            index=models.Index(models.F("updated_at"), name="statement_updated_at"),
        ),
        migrations.AddIndex(
            model_name="statement",
            index=models.Index(
                django.db.models.functions.text.Upper("title"), name="statement_title_upper"
            ),
        ),
        migrations.AddIndex(
            model_name="statement",
            index=models.Index(
                django.db.models.functions.text.Upper("short_title"),
                name="statement_short_title_upper",
            ),
        ),
        migrations.AddIndex(
            model_name="measure",
            index=models.Index(
                django.db.models.functions.text.Upper("title"), name="measure_title_upper"
            ),
        ),
        migrations.AddIndex(
            model_name="measure",
            index=models.Index(models.F("updated_at"), name="measure_updated_at"),
        ),
        migrations.RunPython(create_groups, remove_groups),
        migrations.RunPython(create_search_indexes, drop_search_indexes),
    ]
