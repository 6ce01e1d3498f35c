"""How applicants rate the service once their dossier has its result: the national public-service
portal's three levels, with an optional comment."""
from ._base import Label

RATING_LEVELS = (
    ("satisfied", Label("Hài lòng", "Satisfied")),
    ("acceptable", Label("Chấp nhận được", "Acceptable")),
    ("dissatisfied", Label("Không hài lòng", "Dissatisfied")),
)
