"""Exports of a tender: the evaluation protocol as xlsx, and the Open Contracting Data Standard release package.

OCDS field names as the standard and its lots, bids and award-criteria extensions spell them; bid details appear
only after the opening (before it, only the number of bids, as the pages show it).
"""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

import xlsxwriter
from django.utils import timezone
from django.utils.translation import gettext as _

from cityorder.engine.tenders import PRICE
from cityorder.registry.exporting import safe_cell
from cityorder.tenders.models import Award, Bid, BidStatus, OffsetTender, TenderStatus
from cityorder.tenders.queries import Protocol, bid_counts

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
OCID_PREFIX = "ocds-cityorder"
OCDS_EXTENSIONS = [
    "https://raw.githubusercontent.com/open-contracting-extensions/ocds_lots_extension/master/extension.json",
    "https://raw.githubusercontent.com/open-contracting-extensions/ocds_bid_extension/master/extension.json",
    "https://raw.githubusercontent.com/open-contracting-extensions/ocds_enquiry_extension/master/extension.json",
]
OCDS_TENDER_STATUS = {TenderStatus.DRAFT: "planning", TenderStatus.PUBLISHED: "active",
                      TenderStatus.OPENED: "active", TenderStatus.EVALUATED: "active",
                      TenderStatus.AWARDED: "complete", TenderStatus.CANCELLED: "cancelled"}


def protocol_xlsx(protocol: Protocol) -> bytes:
    """One sheet per lot: every bid's values, points by criterion with the formula, weighted points, total, rank."""
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    bold = book.add_format({"bold": True, "text_wrap": True, "valign": "top"})
    summary = book.add_worksheet(_("Criteria")[:31])
    summary.write_row(0, 0, [_("Criterion"), _("Weight, %"), _("Better"), _("Limit"), _("Formula")], bold)
    for r, c in enumerate(protocol.criteria, start=1):
        summary.write_row(r, 0, [safe_cell(c.name), float(c.weight), str(c.get_better_display()),
                                 float(c.limit) if c.limit is not None else "", protocol.formulas[c.name]])
    summary.set_column(0, 0, 30)
    summary.set_column(4, 4, 45)
    for item in protocol.lots:
        sheet = book.add_worksheet(f"{_('Lot')} {item.lot.number}"[:31])
        sheet.write(0, 0, safe_cell(str(item.lot)), bold)
        header = [_("Rank"), _("Bidder"), _("INN"), _("Submitted"), _("Receipt hash (SHA-256)")]
        for c in protocol.criteria:
            header += [f"{c.name}: {_('value')}", f"{c.name}: {_('points')}", f"{c.name}: × {c.weight} %"]
        header += [_("Total"), _("Awarded")]
        sheet.write_row(2, 0, header, bold)
        for r, row in enumerate(item.bids, start=3):
            values: list[Any] = [row.score.rank, safe_cell(row.bid.bidder.short_name), row.bid.bidder.inn,
                                 timezone.localtime(row.bid.submitted_at).strftime("%d.%m.%Y %H:%M:%S")
                                 if row.bid.submitted_at else "", row.bid.digest]
            for cell in row.cells:
                values += [float(Decimal(cell["value"])) if cell["value"] != "" else "", float(cell["points"]),
                           float(cell["weighted"])]
            values += [float(row.score.total), _("yes") if row.awarded else ""]
            sheet.write_row(r, 0, values)
        sheet.set_column(1, 1, 28)
        sheet.set_column(4, 4, 66)
    book.close()
    return out.getvalue()


def _money(amount: Decimal | str | float) -> dict[str, Any]:
    return {"amount": float(amount), "currency": "RUB"}


def _party(organization: Any, roles: list[str]) -> dict[str, Any]:
    return {"id": f"RU-INN-{organization.inn}", "name": organization.short_name,
            "identifier": {"scheme": "RU-INN", "id": organization.inn, "legalName": organization.full_name},
            "roles": roles}


def _date(value: Any) -> str | None:
    return value.isoformat() if value else None


def ocds_release(tender: OffsetTender) -> dict[str, Any]:
    """The tender's current state as one OCDS release."""
    lots = list(tender.lots.prefetch_related("positions"))
    counts = bid_counts(tender)
    awards = list(Award.objects.filter(lot__tender=tender).select_related("lot", "bid__bidder"))
    parties: dict[str, dict[str, Any]] = {}
    release: dict[str, Any] = {
        "ocid": f"{OCID_PREFIX}-{tender.code}",
        "id": f"{tender.code}-{tender.status}",
        "date": timezone.now().isoformat(),
        "tag": ["award"] if awards else ["tender"],
        "initiationType": "tender",
        "language": "ru",
        "tender": {
            "id": tender.code,
            "title": tender.subject,
            "status": OCDS_TENDER_STATUS[TenderStatus(tender.status)],
            "statusDetails": tender.cancel_reason or None,
            "procurementMethod": "open",
            "procurementMethodDetails": "Offset contract, 44-FZ art. 111.4",
            "mainProcurementCategory": "goods",
            "awardCriteria": "ratedCriteria",
            "awardCriteriaDetails": "; ".join(f"{c.name} {c.weight} %" for c in tender.criteria.all()),
            "value": _money(sum((lot.max_price for lot in lots), Decimal(0))),
            "tenderPeriod": {"startDate": _date(tender.publication_at), "endDate": _date(tender.bid_deadline)},
            "enquiryPeriod": {"endDate": _date(tender.questions_until)},
            "awardPeriod": {"startDate": _date(tender.opening_at), "endDate": _date(tender.award_at)},
            "numberOfTenderers": Bid.objects.filter(tender=tender, status=BidStatus.SUBMITTED)
            .values("bidder").distinct().count(),
            "lots": [{"id": str(lot.number), "title": lot.name, "value": _money(lot.max_price),
                      "status": "complete" if hasattr(lot, "award") else "active"} for lot in lots],
            "items": [{"id": f"{lot.number}-{p.position_id}", "description": p.name,
                       "quantity": float(p.total), "unit": {"name": p.unit}, "relatedLot": str(lot.number)}
                      for lot in lots for p in lot.positions.all()],
            # Answered questions only, never who asked: what every bidder sees.
            "enquiries": [{"id": str(q.pk), "date": _date(q.asked_at), "description": q.text, "answer": q.answer,
                           "dateAnswered": _date(q.answered_at)}
                          for q in tender.questions.filter(answered_at__isnull=False).order_by("asked_at", "pk")],
        },
        "bids": {"statistics": [{"id": f"bids-{lot.number}", "measure": "validBids", "value": counts.get(lot.number, 0),
                                 "relatedLot": str(lot.number)} for lot in lots]},
    }
    if tender.is_open:
        details = []
        for bid in Bid.objects.filter(tender=tender).exclude(status=BidStatus.DRAFT).select_related("lot", "bidder"):
            parties.setdefault(str(bid.bidder.inn), _party(bid.bidder, ["tenderer"]))
            detail: dict[str, Any] = {"id": str(bid.pk), "date": _date(bid.submitted_at),
                                      "status": "valid" if bid.status == BidStatus.SUBMITTED else "withdrawn",
                                      "tenderers": [{"id": f"RU-INN-{bid.bidder.inn}", "name": bid.bidder.short_name}],
                                      "relatedLots": [str(bid.lot.number)]}
            price = (bid.opened or {}).get("values", {}).get(PRICE)
            if price is not None:
                detail["value"] = _money(price)
            details.append(detail)
        release["bids"]["details"] = details
    if awards:
        release["awards"] = []
        for award in awards:
            supplier = award.bid.bidder
            parties.setdefault(str(supplier.inn), _party(supplier, ["tenderer"]))
            parties[str(supplier.inn)]["roles"] = sorted({*parties[str(supplier.inn)]["roles"], "supplier"})
            price = (award.bid.opened or {}).get("values", {}).get(PRICE)
            release["awards"].append({
                "id": f"{tender.code}-{award.lot.number}", "title": award.lot.name, "status": "active",
                "date": _date(award.awarded_at), "value": _money(price) if price is not None else None,
                "suppliers": [{"id": f"RU-INN-{supplier.inn}", "name": supplier.short_name}],
                "relatedLots": [str(award.lot.number)], "relatedBid": str(award.bid.pk)})
    release["parties"] = list(parties.values())
    return release


def ocds_package(tenders: list[OffsetTender], uri: str) -> dict[str, Any]:
    return {"uri": uri, "version": "1.1", "publishedDate": timezone.now().isoformat(),
            "publisher": {"name": "cityorder"}, "extensions": OCDS_EXTENSIONS,
            "releases": [ocds_release(t) for t in tenders]}
