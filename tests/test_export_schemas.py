"""Exports validate against the standards' own schemas (tests/data/schemas, with licences)."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from tests.test_export import UNITS, export, make_unit
from workbench.records import Origin, SegmentStatus

SCHEMAS = Path(__file__).parent / "data" / "schemas"


class _LocalXmlNamespace(etree.Resolver):
    """The XLIFF schema imports W3C's xml.xsd by URL; serve the local copy instead."""

    def resolve(self, url, pubid, context):  # type: ignore[no-untyped-def]
        if url and url.endswith("/xml.xsd"):
            return self.resolve_filename(str(SCHEMAS / "xml.xsd"), context)
        return None


@pytest.fixture(scope="module")
def xliff_strict() -> etree.XMLSchema:
    parser = etree.XMLParser(no_network=True)
    parser.resolvers.add(_LocalXmlNamespace())
    return etree.XMLSchema(etree.parse(str(SCHEMAS / "xliff-core-1.2-strict.xsd"), parser))


# Every status and origin, units without author or score, and several documents.
VARIED_UNITS = [
    *UNITS,
    *(
        make_unit(f"Mening {n}.", f"Sentence {n}.", status=status, origin=origin, segment_ids=(n,))
        for n, (status, origin) in enumerate(
            zip(list(SegmentStatus), [*Origin, Origin.MT], strict=False), start=100
        )
    ),
    make_unit("Utan.", "Without.", author=None, score=None, segment_ids=()),
]


@pytest.mark.parametrize("units", [VARIED_UNITS, []], ids=["units", "empty"])
def test_xliff_export_is_valid_xliff_1_2_strict(
    tmp_path: Path, xliff_strict: etree.XMLSchema, units: list
) -> None:
    path = export(tmp_path, "xliff", units)
    document = etree.parse(str(path))
    assert xliff_strict.validate(document), xliff_strict.error_log


@pytest.mark.parametrize("units", [VARIED_UNITS, []], ids=["units", "empty"])
def test_tmx_export_is_valid_tmx_1_4b(tmp_path: Path, units: list) -> None:
    dtd = etree.DTD(str(SCHEMAS / "tmx14.dtd"))
    path = export(tmp_path, "tmx", units)
    document = etree.parse(str(path), etree.XMLParser(no_network=True, load_dtd=False))
    assert dtd.validate(document), dtd.error_log


def test_the_schemas_catch_what_they_must(tmp_path: Path, xliff_strict: etree.XMLSchema) -> None:
    # The first release's `wb:` attributes on <trans-unit>: allowed by the transitional schema
    # only. A validator that accepted them would make the test above worthless.
    path = export(tmp_path, "xliff", UNITS[:1])
    document = etree.parse(str(path))
    unit = document.find(".//{urn:oasis:names:tc:xliff:document:1.2}trans-unit")
    assert unit is not None
    unit.set("{urn:workbench:xliff-metadata}status", "approved")
    assert not xliff_strict.validate(document)
