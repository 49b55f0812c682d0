"""Evaluation of extraction against hand-annotated gold and public event benchmarks.

Matching rules (development set, ``evaluate``):

- Names are compared after normalisation: case, accents, dots, a leading "the"/"a" and
  repeated spaces are ignored ("The Kremlin" = "kremlin", "U.S." = "US").
- Entities: a predicted entity matches a gold entity when their types are equal (predicted
  Organization subclasses such as GovernmentBody count as Organization) and the gold name
  equals the predicted name or one of the predicted entity's aliases. Each gold and each
  predicted entity is used at most once (one-to-one, exact name before alias).
- A predicted person/participant/place name is resolved through the aliases of the predicted
  entity with that name: it stands for a gold name when any of those forms equals the gold
  name (or a gold alias, when the gold file lists ``aliases``).
- Roles: match when the person resolves to the gold person and the titles match leniently:
  equal, or the same head word (the word before "of", else the last word) where one title's
  other words are a subset of the other's and both agree on rank words (deputy, vice,
  assistant, acting, first, former, ...). So "minister" ~ "foreign minister" and
  "secretary" ~ "secretary of state", but "prime minister" ≁ "foreign minister" and
  "deputy foreign minister" ≁ "foreign minister". Affiliation (organization, country) is
  not needed for a match; its accuracy over matched roles is reported apart.
- Events: only asserted predictions (``modality`` missing or "asserted") are compared with
  gold ``events``. A predicted event matches a gold event when the categories are equal and
  the Jaccard overlap of the two resolved participant sets is at least 0.5 (two empty sets
  count as equal). Pairs are made one-to-one, best overlap first. Place and date accuracy
  are over matched pairs: correct when both are equal (names resolved as above, ISO dates
  compared as strings) or both are null.
- Precision at confidence t keeps predicted events with ``confidence`` ≥ t (a missing
  confidence counts as 1.0) and rematches them.
- Unasserted events (``unasserted_events`` plus any non-asserted item in ``events``) are
  matched the same way against gold ``unasserted_events``; modality accuracy is over those
  pairs. Asserted predictions that match a gold unasserted event are counted apart (they
  are also false positives).
- All scores are micro-averaged over the documents; an empty denominator gives 0.0.

Benchmarks (``score_plover_benchmark``, ``score_petrarch2_benchmark``,
``score_wikievents_benchmark``): see
``kg.evaluation.benchmarks``.

These are the ``kg`` rules. ``kg eval`` scores by devset-news's ``score.py`` rules by default
(``kg.evaluation.scorer``, ``SCORE_RULES``); ``evaluate_folder`` runs either set on a folder.
"""

from kg.evaluation import scorer
from kg.evaluation.benchmarks import (
    cameo_categories,
    kairos_categories,
    plover_categories,
    score_petrarch2_benchmark,
    score_plover_benchmark,
    score_wikievents_benchmark,
)
from kg.evaluation.devset import CATEGORIES, evaluate
from kg.evaluation.folder import RULES, evaluate_folder, render_evaluation, score_predictions
from kg.evaluation.matching import norm_name, roles_match
from kg.evaluation.predict import predict_folder, write_predictions
from kg.evaluation.report import render_benchmark, render_report, render_scores
from kg.evaluation.scorer import read_gold_folder, read_predictions, score_documents

MATCHING_RULES = __doc__
SCORE_RULES = scorer.__doc__

__all__ = [
    "CATEGORIES",
    "MATCHING_RULES",
    "RULES",
    "SCORE_RULES",
    "cameo_categories",
    "evaluate",
    "evaluate_folder",
    "kairos_categories",
    "norm_name",
    "plover_categories",
    "predict_folder",
    "read_gold_folder",
    "read_predictions",
    "render_benchmark",
    "render_evaluation",
    "render_report",
    "render_scores",
    "roles_match",
    "score_documents",
    "score_petrarch2_benchmark",
    "score_plover_benchmark",
    "score_predictions",
    "score_wikievents_benchmark",
    "write_predictions",
]
