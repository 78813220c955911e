"""Factories for tests: every organization gets a checksum-valid INN and OGRN."""

from __future__ import annotations

import datetime

import factory
from factory.django import DjangoModelFactory

from cityorder.accounts.models import User
from cityorder.accounts.roles import Role
from cityorder.registry import models as m
from cityorder.registry.identifiers import complete_inn10, complete_ogrn13


class OrganizationFactory(DjangoModelFactory):
    class Meta:
        model = m.Organization

    inn = factory.Sequence(lambda n: complete_inn10(f"77{n:07d}"))
    ogrn = factory.Sequence(lambda n: complete_ogrn13(f"1027700{n:05d}"))
    kpp = "770101001"
    full_name = factory.Sequence(lambda n: f"Общество с ограниченной ответственностью «Тест {n}»")
    short_name = factory.Sequence(lambda n: f"ООО «Тест {n}»")
    kind = m.OrganizationKind.COMPANY


class CustomerOrganizationFactory(OrganizationFactory):
    kind = m.OrganizationKind.SUBORDINATE
    full_name = factory.Sequence(lambda n: f"Государственное бюджетное учреждение «Заказчик {n}»")
    short_name = factory.Sequence(lambda n: f"ГБУ «Заказчик {n}»")


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    role = Role.CUSTOMER
    organization = factory.SubFactory(CustomerOrganizationFactory)
    password = factory.PostGenerationMethodCall("set_password", "correct-horse-battery")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):  # noqa: N805
        if create:
            obj.save()


class ZoneFactory(DjangoModelFactory):
    class Meta:
        model = m.Zone
        django_get_or_create = ("code",)

    code = "technopolis-moscow"
    name = "ОЭЗ «Технополис Москва»"
    name_en = "SEZ Technopolis Moscow"
    region = "Москва"


class SiteFactory(DjangoModelFactory):
    class Meta:
        model = m.Site

    zone = factory.SubFactory(ZoneFactory)
    name = factory.Sequence(lambda n: f"Площадка {n}")


class CompetencyFactory(DjangoModelFactory):
    class Meta:
        model = m.Competency

    code = factory.Sequence(lambda n: f"competency-{n}")
    name = factory.Sequence(lambda n: f"Компетенция {n}")


class ClusterFactory(DjangoModelFactory):
    class Meta:
        model = m.Cluster

    code = factory.Sequence(lambda n: f"cluster-{n}")
    name = factory.Sequence(lambda n: f"Кластер {n}")
    founded_on = datetime.date(2022, 6, 1)


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = m.Membership

    cluster = factory.SubFactory(ClusterFactory)
    organization = factory.SubFactory(OrganizationFactory)
    joined_on = datetime.date(2022, 9, 1)


class CategoryFactory(DjangoModelFactory):
    class Meta:
        model = m.Category
        django_get_or_create = ("code",)

    code = "battery.lfp"
    name = "Литий-железо-фосфатные аккумуляторы"
    name_en = "LiFePO4 batteries"


class ProductFactory(DjangoModelFactory):
    class Meta:
        model = m.Product

    organization = factory.SubFactory(OrganizationFactory)
    name = factory.Sequence(lambda n: f"Аккумуляторная батарея {n}")
    part_number = factory.Sequence(lambda n: f"AB-{n:04d}")
    category = factory.SubFactory(CategoryFactory)


class CapacityFactory(DjangoModelFactory):
    class Meta:
        model = m.Capacity

    product = factory.SubFactory(ProductFactory)
    year = 2026
    quantity = 1000
