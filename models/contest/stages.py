"""The stages of a contest follow its dates: applications → jury → public vote (if any) →
results. ``stage_at`` says which stage a moment is in; staff moving a contest on set the
current stage's end to now. ``Contest.stage`` records the stage whose entry was handled
(notices sent), so a stage's effects run once, whoever notices the date first."""

from __future__ import annotations

from datetime import datetime

from models.contest.entities import Contest, Stage

ORDER = (Stage.DRAFT, Stage.APPLICATIONS, Stage.JURY, Stage.VOTE, Stage.RESULTS)


def stage_at(contest: Contest, now: datetime) -> Stage:
    if now < contest.applications_from:
        return Stage.DRAFT
    if now < contest.applications_until:
        return Stage.APPLICATIONS
    if now < contest.jury_until:
        return Stage.JURY
    if contest.vote_until is not None and now < contest.vote_until:
        return Stage.VOTE
    return Stage.RESULTS


def accepting(contest: Contest, now: datetime) -> bool:
    return stage_at(contest, now) is Stage.APPLICATIONS


def jury_over(contest: Contest, now: datetime) -> bool:
    return ORDER.index(stage_at(contest, now)) > ORDER.index(Stage.JURY)


def vote_opens_at(contest: Contest) -> datetime:
    """People registered (with consent) before this moment count in the public vote."""
    return contest.jury_until


# The column that ends each stage (staff ending a stage set it to now).
STAGE_ENDS = {
    Stage.DRAFT: Contest.applications_from,
    Stage.APPLICATIONS: Contest.applications_until,
    Stage.JURY: Contest.jury_until,
    Stage.VOTE: Contest.vote_until,
}
