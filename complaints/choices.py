from django.db import models
from django.utils.translation import gettext_lazy as _


class Category(models.TextChoices):
    """The conduct taxonomy of DOMAIN.md, version 2 (adds disputed_debt and debt_information)."""

    CONTACT_BLASTING = "contact_blasting", _("Contact-list blasting (爆通讯录)")
    THIRD_PARTY_HARASSMENT = "third_party_harassment", _("Harassing relatives, colleagues or other third parties")
    EXCESSIVE_FREQUENCY = "excessive_frequency", _("Too many contacts")
    QUIET_HOURS = "quiet_hours", _("Contact outside permitted hours")
    THREATS_INSULTS = "threats_insults", _("Threats, intimidation, insults")
    IMPERSONATION = "impersonation", _("Posing as police, courts or lawyers")
    DEFERRAL_BREACH = "deferral_breach", _("Collecting during an agreed deferral")
    POST_SETTLEMENT = "post_settlement", _("Collecting after the debt was settled")
    UNLAWFUL_DATA_USE = "unlawful_data_use", _("Unlawful use of personal information")
    UNMANDATED_COLLECTION = "unmandated_collection", _("Collecting without a valid mandate")
    DISPUTED_DEBT = "disputed_debt", _("Collecting a debt not owed (not the borrower's, identity theft, wrong amount)")
    DEBT_INFORMATION = "debt_information", _("Refusing or failing to identify or verify the debt")
    OTHER = "other", _("Other")


class ComplainantRole(models.TextChoices):
    BORROWER = "borrower", _("Borrower")
    RELATIVE = "relative", _("Relative")
    COLLEAGUE = "colleague", _("Colleague or employer")
    OTHER_CONTACT = "other_contact", _("Other contact of the borrower")


class Channel(models.TextChoices):
    CALL = "call", _("Phone call")
    SMS = "sms", _("Text message")
    IM = "im", _("Messaging app")
    VISIT = "visit", _("Visit")
    LETTER = "letter", _("Letter")


class CollectorKind(models.TextChoices):
    AGENCY = "agency", _("A collection agency")
    LENDER = "lender", _("The lender itself")
    UNKNOWN = "unknown", _("Unknown")


class ComplaintStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    TRIAGED = "triaged", _("Triaged")
    FORWARDED = "forwarded", _("Forwarded to the entity")
    RESPONDED = "responded", _("Entity responded")
    CLOSED = "closed", _("Closed")


class Outcome(models.TextChoices):
    UPHELD = "upheld", _("Upheld")
    NOT_UPHELD = "not_upheld", _("Not upheld")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    MERGED = "merged", _("Merged into another complaint")


class AccessPurpose(models.TextChoices):
    """Why someone saw a complainant's unmasked details (PersonalDataAccess.purpose)."""

    COMPLAINT_PAGE = "complaint page", _("the complaint's page")
    API = "api", _("the API")


class Resolution(models.TextChoices):
    RESOLVED = "resolved", _("Resolved")
    DISPUTED = "disputed", _("Disputed")


class Source(models.TextChoices):
    WEB = "web", _("Web form")
    API = "api", _("API")
    NATIVE = "native", _("Imported (native)")
    CFPB = "cfpb", _("Imported (CFPB)")


# Statuses an entity user may see: the regulator has forwarded the complaint.
ENTITY_VISIBLE_STATUSES = (ComplaintStatus.FORWARDED, ComplaintStatus.RESPONDED, ComplaintStatus.CLOSED)


class ResponseType(models.TextChoices):
    """How the entity closed its answer, as the public database shows it (in progress until it answers)."""

    WITH_EXPLANATION = "closed_with_explanation", _("Closed with explanation")
    WITH_RELIEF = "closed_with_relief", _("Closed with relief")
    WITHOUT_RELIEF = "closed_without_relief", _("Closed without relief")
    IN_PROGRESS = "in_progress", _("In progress")


class PublicStatement(models.TextChoices):
    """What the entity may choose to say publicly about a complaint (a fixed list, as the CFPB's company public
    response: free text would carry personal data)."""

    ACTED_APPROPRIATELY = "acted_appropriately", _("The entity believes it acted appropriately as the law and the contract allow")
    MISUNDERSTANDING = "misunderstanding", _("The entity believes the complaint arose from a misunderstanding")
    THIRD_PARTY = "third_party", _("The entity believes the complaint was caused by a third party outside its control")
    DISPUTES_FACTS = "disputes_facts", _("The entity disputes the facts in the complaint")
    CANNOT_VERIFY = "cannot_verify", _("The entity can neither verify nor dispute the facts")
    CHANGED_PRACTICE = "changed_practice", _("The entity has changed its practice as a result")
    NO_PUBLIC_RESPONSE = "no_public_response", _("The entity has answered and chooses not to respond publicly")
