"""Text that must survive a wire format."""
from __future__ import annotations

import re

#: Characters XML 1.0 does not allow (all C0 controls but tab, newline, carriage return; FFFE/FFFF).
XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def clean_for_xml(text: str) -> str:
    """Drop characters XML cannot carry and break ``]]>`` so a CDATA section stays closed."""
    return XML_INVALID.sub("", text or "").replace("]]>", "]] >")
