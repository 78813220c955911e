"""State changes of cooperation projects: opening, participants, milestones, BOM imports, the plan, explosion
into a demand campaign and supplier assignments.

Keyword-only functions, one per use case, each in one transaction and asking cooperation.access first. The
explosion is a background job (``explode_job``): the engine works outside any transaction, and the result (the
derived demand lines of the project's submission, replacing an earlier explosion's) is written in one. So is
the import of a large BOM (``bom_import_job``, past CITYORDER_BOM_IMPORT_IN_BACKGROUND_LINES lines): the file is
read outside a transaction and every line stored in one, or none.
"""

from __future__ import annotations

import csv
import hashlib
import io
import secrets
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cityorder.cooperation import access, texts
from cityorder.cooperation.models import (
    Assignment,
    AssignmentStatus,
    BomItem,
    BomVersion,
    DerivedNeed,
    Explosion,
    Milestone,
    Participant,
    ParticipantRole,
    PlanYear,
    Project,
    RegistryEntry,
    SourcingMode,
)
from cityorder.cooperation.queries import engine_bom, latest_version, plan_of, projects_under
from cityorder.demand.lines import line_from_record
from cityorder.demand.models import (
    Campaign,
    DemandLine,
    EventAction,
    FileStatus,
    SourceFile,
    Submission,
    SubmissionEvent,
    SubmissionStatus,
)
from cityorder.engine.bom import Bom, BomError, as_tree, demand_rows, explode, format_quantity, path_text, read_bom
from cityorder.engine.bom import Explosion as EngineExplosion
from cityorder.engine.identity import identify
from cityorder.engine.localization import read_gisp
from cityorder.engine.messages import msg
from cityorder.engine.reading.isolated import IsolatedReadFailed, ReadLimits, call_isolated
from cityorder.engine.records import LineRecord, LineStatus
from cityorder.engine.substitution import RowError, SourceFileError
from cityorder.jobs.models import Job, JobKind
from cityorder.jobs.services import JobFailed, Progress, job_start
from cityorder.registry.models import Cluster, Organization, Product

if TYPE_CHECKING:
    from cityorder.accounts.models import User

BULK_SIZE = 2000
# Derived parts stored per round, each round reported: building a part's demand line takes about a millisecond,
# so the bar of a BOM with thousands of bought parts moves every half second or so.
STORE_CHUNK = 500
# Uploaded BOMs kept between the preview and the import.
PENDING_DIR = "cooperation/pending"


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied(_("You may not do this."))


def _saved(obj: Any) -> Any:
    obj.full_clean()
    obj.save()
    return obj


# Projects -------------------------------------------------------------------------------------------------------


@transaction.atomic
def project_open(*, actor: User, cluster: Cluster, code: str, title: str, product: Product | None = None,
                 product_name: str = "", product_kind: str = "other", description: str = "") -> Project:
    """A project of a cluster, making a registry product or a new one named by ``product_name``."""
    _require(access.can_open_project(actor, cluster))
    if product is None and not product_name.strip():
        raise ValidationError({"product_name": _("Name the product: choose it from the registry or type a new one.")})
    return _saved(Project(cluster=cluster, code=code, title=title, product=product, product_name=product_name.strip(),
                          product_kind=product_kind, description=description, created_by=actor))


@transaction.atomic
def participant_add(*, actor: User, project: Project, organization: Organization, role: str) -> Participant:
    _require(access.can_manage_project(actor, project))
    if organization.is_customer:
        raise ValidationError({"organization": _("A customer organization cannot take part in a project.")})
    participant, _created = Participant.objects.get_or_create(project=project, organization=organization, role=role)
    return participant


@transaction.atomic
def participant_remove(*, actor: User, participant: Participant) -> None:
    _require(access.can_manage_project(actor, participant.project))
    participant.delete()


@transaction.atomic
def milestone_add(*, actor: User, project: Project, title: str, due: Any, done: bool = False) -> Milestone:
    _require(access.can_manage_project(actor, project))
    return _saved(Milestone(project=project, title=title, due=due, done=done))


@transaction.atomic
def milestone_change(*, actor: User, milestone: Milestone, title: str | None = None, due: Any = None,
                     done: bool | None = None) -> Milestone:
    """A milestone renamed, moved or marked done (or not done again); what is not given stays as it was."""
    _require(access.can_manage_project(actor, milestone.project))
    if title is not None:
        milestone.title = title
    if due is not None:
        milestone.due = due
    if done is not None:
        milestone.done = done
    return _saved(milestone)


# Bills of materials ---------------------------------------------------------------------------------------------


def bom_import(*, actor: User, project: Project, name: str, data: bytes, note: str = "") -> BomVersion:
    """A new BOM version from a file. The file is read whole first: a BomError (every bad row named) leaves the
    project as it was."""
    _require(access.can_manage_project(actor, project))
    return bom_store(actor=actor, project=project, bom=bom_read(data, name), name=name, note=note)


def bom_read(data: bytes, name: str, waiting: Callable[[], None] = lambda: None) -> Bom:
    """An uploaded BOM read in the limited reading process (a hostile file must not take this process down);
    raises BomError naming every bad row, or the file and the limit that stopped its reading."""
    return _read_isolated(read_bom, data, name, BomError, waiting)


def _read_isolated(read: Callable[[bytes, str], Any], data: bytes, name: str, error: type[SourceFileError],
                   waiting: Callable[[], None] = lambda: None) -> Any:
    try:
        return call_isolated(read, data, name, filename=name, limits=ReadLimits.from_settings(settings),
                             waiting=waiting)
    except IsolatedReadFailed as exc:
        # The message names the file already; the row error would name it again.
        raise error([RowError(name, 0, "", str(exc).removeprefix(f"{name}: "))]) from exc


def bom_store(*, actor: User, project: Project, bom: Bom, name: str, note: str = "") -> BomVersion:
    """A BOM already read (and shown, or checked) stored as the project's new version."""
    _require(access.can_manage_project(actor, project))
    return _store_version(actor, project, bom, name, note)


def bom_in_background(lines: int) -> bool:
    """Whether a BOM of this many lines is stored by a background job rather than in the request."""
    return lines > settings.CITYORDER_BOM_IMPORT_IN_BACKGROUND_LINES


def bom_keep(data: bytes) -> str:
    """Keep an uploaded BOM between its preview and its import (or the import job); returns its storage path."""
    return default_storage.save(f"{PENDING_DIR}/{secrets.token_urlsafe(12)}", ContentFile(data))


@transaction.atomic
def bom_import_start(*, actor: User, project: Project, name: str, path: str, note: str = "") -> Job:
    """Import a kept file (``bom_keep``) as a new version in the background; the job is queued once this commits."""
    _require(access.can_manage_project(actor, project))
    return job_start(kind=JobKind.IMPORT_BOM, title=msg(texts.IMPORTING, file=name, project=project.title),
                     params={"project": project.pk, "name": name, "path": path, "note": note[:500]}, user=actor)


def bom_import_job(job: Job, progress: Progress) -> None:
    """Read the kept file outside any transaction, then store every line in one that also records the job as
    done: a bad file (every bad row named) or a failure on the way stores nothing, and the kept file stays for a
    retry until the version that came from it has committed."""
    params = job.params
    project = Project.objects.get(pk=params["project"])
    reading = msg(texts.STAGE_READING_FILE, file=params["name"])
    progress(0, 0, reading, force=True)
    try:
        with default_storage.open(params["path"], "rb") as handle:
            data = handle.read()
    except FileNotFoundError as exc:
        raise JobFailed(msg(texts.FILE_GONE, file=params["name"])) from exc
    try:
        bom = bom_read(data, params["name"], waiting=lambda: progress(0, 0, reading))
    except BomError as exc:
        raise JobFailed("; ".join(str(e) for e in exc.errors)) from exc
    storing = msg(texts.STAGE_STORING_LINES, count=len(bom.lines))
    progress(0, len(bom.lines), storing, force=True)
    with transaction.atomic():
        _store_version(job.created_by, project, bom, params["name"], params["note"],
                       report=lambda done, total: progress(done, total, storing))
        progress.finish()
        transaction.on_commit(lambda: default_storage.delete(params["path"]))


@transaction.atomic
def _store_version(actor: User | None, project: Project, bom: Bom, name: str, note: str,
                   report: Callable[[int, int], None] | None = None) -> BomVersion:
    bom = as_tree(bom)  # one parent per line: a shared assembly of a parent/child list stands under each parent
    last = project.bom_versions.select_for_update().order_by("-number").first()
    version = BomVersion.objects.create(project=project, number=(last.number + 1) if last else 1, file_name=name,
                                        note=note, created_by=actor)
    items = [
        BomItem(version=version, position=i, row=line.row, level=line.level, key=line.key[:300],
                part_number=line.part_number[:255], name=line.name[:1000], qty_per=line.qty_per, unit=line.unit[:32],
                attrition=line.attrition, manufacturer=line.manufacturer[:255], designators=line.designators,
                alternates=line.alternates[:1000], note=line.note[:1000])
        for i, line in enumerate(bom.lines)
    ]
    parent_of = {child: parent for parent, children in bom.children.items() if parent >= 0 for child in children}
    _carry_links(last, items, assemblies=set(parent_of.values()))
    # Depth by depth, so that every line's assembly already has its key when the line is inserted (bulk_create
    # returns keys on SQLite and PostgreSQL): no second pass of updates over the whole BOM.
    stored = 0
    for depth in sorted({line.level for line in bom.lines}):
        batch = [items[i] for i, line in enumerate(bom.lines) if line.level == depth]
        for item in batch:
            parent = parent_of.get(item.position)
            item.parent = items[parent] if parent is not None else None
        for start in range(0, len(batch), BULK_SIZE):  # one insert per chunk, each reported
            chunk = batch[start:start + BULK_SIZE]
            BomItem.objects.bulk_create(chunk)
            stored += len(chunk)
            if report:
                report(stored, len(items))
    return version


def _carry_links(earlier: BomVersion | None, items: list[BomItem], *, assemblies: set[int]) -> None:
    """A new version keeps the earlier one's sub-assembly links, part by part, on lines that are still bought (a
    re-imported spreadsheet says nothing of them, and losing them would silently drop a sub-BOM's demand)."""
    if earlier is None:
        return
    links = dict(earlier.items.exclude(subproject=None).values_list("key", "subproject_id"))
    for item in items:
        if item.position not in assemblies and item.key in links:
            item.subproject_id = links[item.key]


@transaction.atomic
def bom_item_link_subproject(*, actor: User, item: BomItem, subproject: Project | None) -> BomItem:
    """A bought line of the latest version made another project's product (the e-bus's battery is the battery
    project's pack): that project's latest BOM is exploded under the line; ``None`` unlinks it."""
    project = item.version.project
    _require(access.can_manage_project(actor, project))
    if subproject is not None:
        _check_subassembly(actor, item, project, subproject)
    item.subproject = subproject
    item.save(update_fields=["subproject"])
    return item


def _check_subassembly(actor: User, item: BomItem, project: Project, subproject: Project) -> None:
    if not access.can_use_as_subassembly(actor, project, subproject):
        raise ValidationError({"subproject": _("Only a project of the same cluster, or of a cluster you keep too, can "
                                               "be a sub-assembly.")})
    if item.version_id != getattr(latest_version(project), "pk", None):
        raise ValidationError({"subproject": _("Only a line of the latest BOM version can be linked: the explosion "
                                               "uses that version.")})
    if item.children.exists():
        raise ValidationError({"subproject": _("This line has lines under it in this BOM; only a bought line can "
                                               "be another project's product.")})
    if subproject.pk == project.pk or project.pk in projects_under(subproject):
        raise ValidationError({"subproject": _("«%(sub)s» takes in «%(project)s» through its own BOM: linking it "
                                               "here would make a cycle.") % {"sub": subproject.title,
                                                                               "project": project.title}})


# The production plan --------------------------------------------------------------------------------------------


@transaction.atomic
def plan_set(*, actor: User, project: Project, plan: Mapping[int, int]) -> list[PlanYear]:
    """The units to build by year, replacing the earlier plan (a year with 0 units stays, saying «none»)."""
    _require(access.can_manage_project(actor, project))
    problems = {str(y): _("give a whole number of units, 0 or more") for y, u in plan.items()
                if not isinstance(u, int) or u < 0}
    problems.update({str(y): _("a year between 2000 and 2100") for y in plan if not 2000 <= int(y) <= 2100})
    if problems:
        raise ValidationError(problems)
    project.plan.all().delete()
    entries = [PlanYear(project=project, year=int(y), units=u) for y, u in sorted(plan.items())]
    return PlanYear.objects.bulk_create(entries)


# Explosion into a campaign --------------------------------------------------------------------------------------


@transaction.atomic
def explosion_start(*, actor: User, project: Project, campaign: Campaign) -> Job:
    """Explode the latest BOM version over the plan into the campaign, in the background (large BOMs take a while);
    the job replaces what an earlier explosion of this project sent to the campaign."""
    _require(access.can_send_derived_demand(actor, project, campaign))
    version = project.bom_versions.order_by("-number").first()
    if version is None:
        raise ValidationError(msg(texts.NO_BOM, project=project.title))
    if not project.plan.exists():
        raise ValidationError(msg(texts.NO_PLAN, project=project.title))
    if not project.plan.filter(year__gte=campaign.year_from, year__lte=campaign.year_to).exists():
        raise ValidationError(msg(texts.PLAN_OUTSIDE_CAMPAIGN, project=project.title, first=campaign.year_from,
                                  last=campaign.year_to))
    try:
        _customer_of(project)
    except JobFailed as exc:  # said before the job is queued, not after it has failed
        raise ValidationError(str(exc)) from exc
    return job_start(kind=JobKind.EXPLODE_BOM, title=msg(texts.EXPLODING, project=project.title, campaign=campaign),
                     params={"project": project.pk, "campaign": campaign.pk, "version": version.pk}, user=actor)


def explode_job(job: Job, progress: Progress) -> None:
    """The bar moves with the work: every REPORT_EVERY paths while exploding, every STORE_CHUNK parts while storing
    (the storing transaction's figures reach the page through the progress reporter's own connection)."""
    project = Project.objects.select_related("cluster").get(pk=job.params["project"])
    campaign = Campaign.objects.get(pk=job.params["campaign"])
    version = BomVersion.objects.get(pk=job.params["version"])
    progress(0, 1, msg(texts.STAGE_READING, version=version.number), force=True)
    bom = engine_bom(version)
    plan = plan_of(project)
    exploding = msg(texts.STAGE_EXPLODING, count=len(bom.lines), years=len(plan))
    result = explode(bom, plan, report=lambda done, total: progress(done, total, exploding))
    storing = msg(texts.STAGE_STORING, count=len(result.parts))
    progress(0, len(result.parts), storing, force=True)
    explosion_store(project=project, campaign=campaign, version=version, bom=bom, plan=plan, result=result,
                    actor=job.created_by, job=job, report=lambda done, total: progress(done, total, storing))


@transaction.atomic
def explosion_store(*, project: Project, campaign: Campaign, version: BomVersion, bom: Bom, plan: Mapping[int, int],
                    result: EngineExplosion, actor: User | None, job: Job | None = None,
                    report: Callable[[int, int], None] | None = None) -> Explosion:
    """The derived demand as the project's lines of the campaign: one line per bought part, in a submission under
    the project's integrator, from a stored file (the explosion's demand.csv) so every line traces to its row and,
    through the derived needs, to its paths in the BOM. An earlier explosion of this project in this campaign is
    replaced: its lines and file are removed, nothing is added on top of them. ``report`` hears how many parts are
    stored after every STORE_CHUNK of them."""
    customer = _customer_of(project)
    # Plan years outside the campaign's are left out of its lines (kept on the explosion and its needs).
    years = [y for y in sorted(plan) if campaign.year_from <= y <= campaign.year_to]
    submission, created = Submission.objects.select_for_update().get_or_create(campaign=campaign, customer=customer)
    if created:
        SubmissionEvent.objects.create(submission=submission, action=EventAction.CREATED,
                                       status=submission.status, actor=actor)
    for earlier in Explosion.objects.select_for_update().filter(project=project, campaign=campaign, current=True):
        _withdraw(earlier)
    data = _demand_file(result, years)
    name = f"{project.code}-bom-v{version.number}.csv"
    source = SourceFile(submission=submission, name=name, size=len(data), sha256=hashlib.sha256(data).hexdigest(),
                        uploaded_by=actor, status=FileStatus.READ)
    source.content.save(name, ContentFile(data), save=False)
    source.save()
    explosion = Explosion.objects.create(project=project, version=version, campaign=campaign, submission=submission,
                                         source=source, plan={str(y): u for y, u in sorted(plan.items())},
                                         job=job, current=True, created_by=actor)
    allowed = range(campaign.year_from, campaign.year_to + 1)
    for start in range(0, len(result.parts), STORE_CHUNK):
        lines, needs = [], []
        for row, part in enumerate(result.parts[start:start + STORE_CHUNK], start=start + 2):
            record = LineRecord(file=name, row=row, status=LineStatus.OK, name=part.name,
                                part_number=part.part_number, unit=part.unit,
                                quantities={y: float(part.by_year[y]) for y in years})
            lines.append(line_from_record(record, submission=submission, source=source, years=allowed))
            needs.append(DerivedNeed(explosion=explosion, key=part.key[:300], part_number=part.part_number[:255],
                                     name=part.name[:1000], unit=part.unit[:32], qty_per_product=part.qty_per_product,
                                     category=identify(part_number=part.part_number, name=part.name).category[:64],
                                     quantities={str(y): format_quantity(q) for y, q in part.by_year.items()},
                                     paths=[[path_text(bom, p.lines), format_quantity(p.qty_per_product)]
                                            for p in part.paths]))
        DemandLine.objects.bulk_create(lines)
        for need, line in zip(needs, lines, strict=True):
            need.demand_line = line
        DerivedNeed.objects.bulk_create(needs)
        if report:
            report(start + len(lines), len(result.parts))
    if submission.status != SubmissionStatus.ACCEPTED:
        # The coordinator's derived demand is counted like demand the department imports: accepted as sent.
        submission.status = SubmissionStatus.ACCEPTED
        submission.submitted_at = submission.submitted_at or timezone.now()
        submission.save(update_fields=["status", "submitted_at", "updated_at"])
    SubmissionEvent.objects.create(submission=submission, action=EventAction.IMPORTED, status=submission.status,
                                   actor=actor, comment=msg(texts.EXPLODED, project=project.title,
                                                            version=version.number, count=len(result.parts)))
    return explosion


def _withdraw(explosion: Explosion) -> None:
    """An earlier explosion's lines leave the campaign; the record stays as history, no longer current."""
    DemandLine.objects.filter(derived_from__explosion=explosion).delete()
    source = explosion.source
    Explosion.objects.filter(pk=explosion.pk).update(current=False, source=None)
    if source is not None:
        source.content.delete(save=False)
        source.delete()


def _demand_file(result: EngineExplosion, years: list[int]) -> bytes:
    """demand.csv as `cityorder bom_explode` writes it, limited to the campaign's years."""
    header, rows = demand_rows(result)
    keep = [i for i, name in enumerate(header) if not name.startswith("qty_") or int(name[4:]) in years]
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([header[i] for i in keep])
    writer.writerows([[row[i] for i in keep] for row in rows])
    return buffer.getvalue().encode("utf-8")


def _customer_of(project: Project) -> Organization:
    """Whose name the derived demand goes under: the project's integrator, else the cluster's coordinator."""
    integrator = project.participants.filter(role=ParticipantRole.INTEGRATOR).select_related("organization").first()
    if integrator is not None:
        return integrator.organization
    if project.cluster.coordinator is not None:
        return project.cluster.coordinator
    raise JobFailed(msg(texts.NO_CUSTOMER, project=project.title))


# Suppliers ------------------------------------------------------------------------------------------------------


@transaction.atomic
def assignment_set(*, actor: User, project: Project, key: str, organization: Organization,
                   product: Product | None = None, mode: str = SourcingMode.BUY,
                   status: str = AssignmentStatus.PROPOSED) -> Assignment:
    """Who supplies a part of this project (make or buy, proposed → negotiating → agreed); one per part."""
    _require(access.can_manage_project(actor, project))
    item = BomItem.objects.filter(version__project=project, key=key).order_by("-version__number").first()
    if item is None:
        raise ValidationError({"key": _("This part is not in the project's BOM.")})
    if product is not None and product.organization_id != organization.pk:
        raise ValidationError({"product": _("The product is not this supplier's.")})
    assignment, _created = Assignment.objects.update_or_create(
        project=project, key=key,
        defaults={"part_number": item.part_number or item.name[:255], "organization": organization,
                  "product": product, "mode": mode, "status": status, "updated_by": actor},
    )
    assignment.full_clean()
    return assignment


@transaction.atomic
def assignment_remove(*, actor: User, assignment: Assignment) -> None:
    _require(access.can_manage_project(actor, assignment.project))
    assignment.delete()


@transaction.atomic
def assignment_decide_domestic(*, actor: User, assignment: Assignment, domestic: bool) -> Assignment:
    """An analyst's recorded decision that a supplier counts as domestic without a valid PP 719 registry entry."""
    _require(access.can_decide_domestic(actor))
    assignment.domestic_by_decision = domestic
    assignment.updated_by = actor
    assignment.save(update_fields=["domestic_by_decision", "updated_by", "updated_at"])
    return assignment


# The PP 719 registry ------------------------------------------------------------------------------------------


def industrial_registry_import(*, actor: User | None, name: str, data: bytes) -> int:
    """GISP's open-data file of the registry: every row or none (SourceFileError lists the bad rows); an entry
    already loaded is updated by its registry number. Returns the number of entries read."""
    if actor is not None:
        _require(access.can_import_industrial_registry(actor))
    entries = _read_isolated(read_gisp, data, name, SourceFileError)
    with transaction.atomic():
        for entry in entries:
            RegistryEntry.objects.update_or_create(registry_no=entry.registry_no[:128], defaults={
                "registry_date": entry.registry_date, "organization_name": entry.organization[:500],
                "inn": entry.inn, "ogrn": entry.ogrn[:15], "product_name": entry.product_name[:1000],
                "okpd2": entry.okpd2[:32], "tnved": entry.tnved[:32],
                "points": Decimal(str(entry.points)) if entry.points is not None else None,
                "valid_until": entry.valid_until, "source": name[:255],
            })
    return len(entries)
