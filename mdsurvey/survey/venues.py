"""Venue names a paper list uses (conferences and journals), longest first where one name
contains another ("SIGGRAPH Asia" before "SIGGRAPH"): the one list for BibTeX input and
for venues proposed from arXiv comments."""

from __future__ import annotations

VENUES = (
    "CVPR",
    "ICCV",
    "ECCV",
    "NeurIPS",
    "NIPS",
    "ICLR",
    "ICML",
    "AAAI",
    "IJCAI",
    "ACL",
    "EMNLP",
    "NAACL",
    "COLING",
    "KDD",
    "WWW",
    "SIGGRAPH Asia",
    "SIGGRAPH",
    "MICCAI",
    "WACV",
    "BMVC",
    "ACCV",
    "ACM MM",
    "MM",
    "TPAMI",
    "IJCV",
    "TMLR",
    "JMLR",
    "TIP",
    "TCSVT",
    "TOG",
    "3DV",
    "CoRL",
    "RSS",
    "ICRA",
    "IROS",
    "UAI",
    "AISTATS",
    "COLM",
)

# too short to find in running text ("MM" is also millimetres): table cells only
AMBIGUOUS_IN_PROSE = frozenset({"MM"})
