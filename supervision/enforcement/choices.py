from django.db import models
from django.utils.translation import gettext_lazy as _


class ActionKind(models.TextChoices):
    """From the mildest to the strongest: escalation moves one step along this order."""

    SUPERVISORY_TALK = "supervisory_talk", _("Supervisory talk (监管谈话)")
    WARNING = "warning", _("Warning")
    RECTIFICATION_ORDER = "rectification_order", _("Rectification order (责令整改)")
    FINE = "fine", _("Fine")
    SUSPENSION = "suspension", _("Suspension of new business")
    LICENCE_REVOCATION = "licence_revocation", _("Licence revocation")
    POLICE_REFERRAL = "police_referral", _("Referral to public security")


# Automatic escalation skips fines: a fine's amount is a supervisor's decision, issued as a new action.
ESCALATION_ORDER = [ActionKind.SUPERVISORY_TALK, ActionKind.WARNING, ActionKind.RECTIFICATION_ORDER,
                    ActionKind.SUSPENSION, ActionKind.LICENCE_REVOCATION]


class ActionState(models.TextChoices):
    ISSUED = "issued", _("Issued")
    PLAN_SUBMITTED = "plan_submitted", _("Plan submitted")
    IN_RECTIFICATION = "in_rectification", _("In rectification")
    VERIFICATION = "verification", _("Verification")
    CLOSED = "closed", _("Closed")
    OVERDUE = "overdue", _("Overdue")
    ESCALATED = "escalated", _("Escalated")


OPEN_ACTION_STATES = [ActionState.ISSUED, ActionState.PLAN_SUBMITTED, ActionState.IN_RECTIFICATION,
                      ActionState.VERIFICATION]


class ActionStep(models.TextChoices):
    """The rectification workflow's transitions, as the buttons name them."""

    SUBMIT_PLAN = "submit_plan", _("Submit the plan")
    REPORT_DONE = "report_done", _("Report it done")
    ACCEPT_PLAN = "accept_plan", _("Accept the plan")
    REJECT_PLAN = "reject_plan", _("Reject the plan")
    VERIFY = "verify", _("Verify")
    REJECT_COMPLETION = "reject_completion", _("Reject the completion")


class MilestoneState(models.TextChoices):
    PENDING = "pending", _("Pending")
    SUBMITTED = "submitted", _("Submitted")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected, to resubmit")


# Milestones still waiting on the entity: these can be overdue.
OPEN_MILESTONE_STATES = [MilestoneState.PENDING, MilestoneState.REJECTED]
