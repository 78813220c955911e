"""Who may see and change cooperation projects: one function per question, built on accounts' roles and scope.

The department sees every project; a coordinator manages the projects of the clusters it coordinates; an
organization taking part in a project sees it (members see their projects); customers see none.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet

from cityorder.accounts.access import is_department
from cityorder.accounts.roles import Role
from cityorder.cooperation.models import Project
from cityorder.demand.models import Campaign, CampaignStatus
from cityorder.registry import access as registry_access
from cityorder.registry.models import Cluster

if TYPE_CHECKING:
    from cityorder.accounts.access import AnyUser


def visible_projects(user: AnyUser) -> QuerySet[Project]:
    if is_department(user):
        return Project.objects.all()
    if not user.is_authenticated or user.role == Role.CUSTOMER or not user.organization_id:
        return Project.objects.none()
    org = user.organization_id
    managed = registry_access.managed_clusters(user)
    return Project.objects.filter(Q(cluster__in=managed) | Q(participants__organization=org)).distinct()


def can_see_projects(user: AnyUser) -> bool:
    return is_department(user) or registry_access.managed_clusters(user).exists() or visible_projects(user).exists()


def clusters_to_open_projects_in(user: AnyUser) -> QuerySet[Cluster]:
    return registry_access.managed_clusters(user)


def can_open_project(user: AnyUser, cluster: Cluster) -> bool:
    """Projects are opened by the cluster's coordinator (and the department)."""
    return registry_access.can_manage_cluster(user, cluster)


def can_manage_project(user: AnyUser, project: Project) -> bool:
    """Participants, BOMs, plan, explosion and suppliers are kept by whoever may open projects in its cluster."""
    return registry_access.can_manage_cluster(user, project.cluster)


def can_use_as_subassembly(user: AnyUser, project: Project, subproject: Project) -> bool:
    """A project's product may be a line of another project's BOM when the manager of that BOM sees it and it is
    of the same cluster, or of a cluster the manager keeps too (its BOM then joins the derived demand)."""
    if not visible_projects(user).filter(pk=subproject.pk).exists():
        return False
    return subproject.cluster_id == project.cluster_id or can_manage_project(user, subproject)


def campaigns_for_derived_demand(user: AnyUser) -> QuerySet[Campaign]:
    """Open campaigns a project manager may send a project's derived demand to."""
    if not (is_department(user) or registry_access.managed_clusters(user).exists()):
        return Campaign.objects.none()
    return Campaign.objects.filter(status=CampaignStatus.OPEN)


def can_send_derived_demand(user: AnyUser, project: Project, campaign: Campaign) -> bool:
    return can_manage_project(user, project) and campaign.status == CampaignStatus.OPEN


def can_import_industrial_registry(user: AnyUser) -> bool:
    """The PP 719 registry from GISP is reference data: loaded by whoever keeps the registry."""
    return registry_access.can_import_registry(user)


def can_decide_domestic(user: AnyUser) -> bool:
    """Counting a supplier as domestic without a registry entry is the department's decision."""
    return is_department(user)
