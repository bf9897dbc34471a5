"""Parsing XML from other tools safely: no DTDs, no entities, no external references, no network.

defusedxml refuses a document that declares a DTD or an entity instead of expanding it, so a
"billion laughs" or an external-entity (XXE) file is an error, never a resource or a leak.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET  # only for the types and ParseError; parsing is defusedxml's
from pathlib import Path

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from interview_coder.errors import InputError

MAX_XML_BYTES = 200 * 1024 * 1024


def parse_xml(data: bytes, path: str | Path) -> ET.Element:
    """The root element of ``data``; a broken or unsafe document raises InputError with its line."""
    if len(data) > MAX_XML_BYTES:
        raise InputError(f"XML document is {len(data) / 1e6:.0f} MB, over the {MAX_XML_BYTES / 1e6:.0f} MB limit", path)
    try:
        root: ET.Element = fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise InputError(f"refused: the XML declares a DTD or entities ({exc.__class__.__name__}); "
                         "REFI-QDA files never need them", path) from None
    except ET.ParseError as exc:
        line = exc.position[0] if getattr(exc, "position", None) else None
        raise InputError(f"broken XML: {exc.msg if hasattr(exc, 'msg') else exc}", path, line) from None
    except (LookupError, ValueError) as exc:  # e.g. <?xml encoding="tf-8"?>: expat raises LookupError
        raise InputError(f"broken XML: {exc}", path) from None
    return root


def local(tag: str) -> str:
    """A tag without its namespace: '{urn:QDA-XML:project:1.0}Code' -> 'Code'."""
    return tag.rsplit("}", 1)[-1]


def namespace(tag: str) -> str:
    return tag[1:].split("}", 1)[0] if tag.startswith("{") else ""
