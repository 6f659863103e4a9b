"""Flask-WTF forms: every POST carries a CSRF token; limits are stated on the form."""
from __future__ import annotations

import re

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    FloatField,
    HiddenField,
    IntegerField,
    PasswordField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, EqualTo, Length, NumberRange, Optional
from wtforms.validators import ValidationError as WTFValidationError

from factcheck.errors import ValidationError
from factcheck.extraction import CLAIM_TYPE_LABELS
from factcheck.inputs import ID_MAX
from factcheck.models.research import SOURCE_KIND_LABELS, STANCES
from factcheck.publishing.mediareview import MediaKind, MediaRating, parse_kind, parse_rating
from factcheck.rendering.markdown import safe_url
from factcheck.services.accounts import MAX_PASSWORD, MIN_PASSWORD
from factcheck.services.audit_log import KNOWN_ACTIONS, AuditFilter
from factcheck.services.bulk import BULK_ACTIONS, BULK_LIMIT
from factcheck.services.evidence import SOURCING_RULES, EvidenceInput
from factcheck.services.notes import NOTE_LIMIT
from factcheck.services.queue import SORTS, QueueFilter
from factcheck.services.ratings import PUBLISHED_CHOICES, LevelInput
from factcheck.services.research import DraftInput
from factcheck.services.triage import DISMISS_REASONS, ManualClaim
from factcheck.services.verdict_rules import BODY_MAX, HEADLINE_MAX, SUMMARY_MAX
from factcheck.workflow import Role, Status, action_label


def incomplete(form: FlaskForm) -> ValidationError:
    """The domain error (a 422) that names every field a posted form got wrong."""
    problems = "; ".join(f"{name}: {', '.join(errors)}" for name, errors in form.errors.items())
    return ValidationError(f"The form is incomplete ({problems}).")


ROLE_CHOICES = [(role.label, role.label) for role in Role]
SETTING_KEYS = ("org_name", "org_url", "org_logo", "org_contact", "language", "two_person_rule",
                "sourcing_rule", "rating_panel_size")
LANGUAGE_TAG = re.compile(r"^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$")


def optional_int(value) -> int | None:
    """Select fields whose empty choice means 'any'."""
    if value in (None, "", "None"):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        raise ValueError("Choose one of the listed options.") from None


class EmptyForm(FlaskForm):
    """POST-only buttons: just the CSRF token."""


class LoginForm(FlaskForm):
    email = EmailField("Email", validators=[DataRequired(), Length(max=254)])
    password = PasswordField("Password", validators=[DataRequired(), Length(max=1000)])
    next = HiddenField()


class ArticleForm(FlaskForm):
    title = StringField("Title", validators=[Optional(), Length(max=300)],
                        description="Up to 300 characters; the first line of the text if left empty.")
    outlet = StringField("Outlet", validators=[Optional(), Length(max=200)])
    url = StringField("URL", validators=[Optional(), Length(max=2000)], description="http:// or https://")
    author = StringField("Author", validators=[Optional(), Length(max=200)])
    published_date = DateField("Published", validators=[Optional()], format="%Y-%m-%d")
    body = TextAreaField("Text", validators=[Optional(), Length(max=2_000_000)],
                         description="Paste the article or transcript (speaker labels as NAME: text).")
    file = FileField("…or upload a file", description=".txt, .md, .html, or .srt/.vtt subtitles, UTF-8; "
                     "or a .png/.jpg/.webp image, whose text is read by OCR")
    link = StringField("…or fetch it from a link", validators=[Optional(), Length(max=2000)],
                       description="https://… of the article: fetched in the background, its text and details "
                                   "read from the page")


class TransitionForm(FlaskForm):
    version = IntegerField(validators=[DataRequired(), NumberRange(min=1, max=ID_MAX)])
    note = TextAreaField("Note", validators=[Optional(), Length(max=5000)])
    reason = SelectField("Reason", choices=list(DISMISS_REASONS.items()), validate_choice=False,
                         validators=[Optional()])
    duplicate_of = IntegerField("Duplicate of claim #", validators=[Optional(), NumberRange(min=1, max=ID_MAX)])
    assignee = IntegerField("Assign to", validators=[Optional(), NumberRange(min=1, max=ID_MAX)])


class UserForm(FlaskForm):
    email = EmailField("Email", validators=[DataRequired(), Length(max=254)])
    name = StringField("Name", validators=[DataRequired(), Length(max=120)])
    role = SelectField("Role", choices=ROLE_CHOICES, validate_choice=False)
    password = PasswordField("Password", validators=[Optional(), Length(min=10, max=1000)],
                             description="At least 10 characters; leave empty to generate one.")


class RoleForm(FlaskForm):
    role = SelectField("Role", choices=ROLE_CHOICES, validate_choice=False)



class QueueFilterForm(FlaskForm):
    """The queue's filters and page cursor, read from the query string (a GET form: no CSRF)."""

    class Meta:
        csrf = False

    status = SelectField("Status", choices=[(s.value, s.label) for s in Status],
                         default=Status.NEW.value)
    sort = SelectField("Sort", choices=[(key, order.label) for key, order in SORTS.items()], default="score")
    type = SelectField("Claim type", choices=[("", "any type"), *CLAIM_TYPE_LABELS.items()], default="")
    speaker = StringField("Speaker", validators=[Optional(), Length(max=200)])
    outlet = StringField("Outlet", validators=[Optional(), Length(max=200)])
    article = IntegerField("Article #", validators=[Optional(), NumberRange(min=1, max=ID_MAX)])
    assignee = SelectField("Assignee", coerce=optional_int, validate_choice=False, choices=[("", "anyone")])
    min_score = FloatField("Score from", validators=[Optional(), NumberRange(min=0, max=1)])
    min_demand = IntegerField("Asked by at least", validators=[Optional(), NumberRange(min=1, max=ID_MAX)],
                              description="readers (tips about this claim)")
    max_score = FloatField("to", validators=[Optional(), NumberRange(min=0, max=1)])
    q = StringField("Search", validators=[Optional(), Length(max=200)], description="words in the claim")
    after = HiddenField(validators=[Optional(), Length(max=100)])
    page = IntegerField(validators=[Optional(), NumberRange(min=1, max=1_000_000)])

    def to_filter(self) -> QueueFilter:
        return QueueFilter(status=self.status.data or Status.NEW.value, sort=self.sort.data or "score",
                           claim_type=self.type.data or None, speaker=(self.speaker.data or "").strip() or None,
                           outlet=(self.outlet.data or "").strip() or None, article_id=self.article.data,
                           assignee_id=self.assignee.data, min_score=self.min_score.data, min_demand=self.min_demand.data,
                           max_score=self.max_score.data, text=(self.q.data or "").strip() or None)


class BulkForm(FlaskForm):
    """The queue's one form: a selection (`id:version` each) or one row's button, and the action."""

    ids = SelectMultipleField("Selected claims", choices=[], validate_choice=False)
    one = StringField(validators=[Optional(), Length(max=60)])  # "accept:12:3" from a row's button
    action = SelectField("Action", choices=[(key, action_label(key)) for key in BULK_ACTIONS],
                         validate_choice=False, validators=[Optional()])
    reason = SelectField("Dismiss reason", choices=list(DISMISS_REASONS.items()), validate_choice=False,
                         validators=[Optional()])
    text = StringField("Details", validators=[Optional(), Length(max=250)],
                       description="Up to 250 characters; required when the reason is Other.")
    duplicate_of = IntegerField("Duplicate of claim #", validators=[Optional(), NumberRange(min=1, max=ID_MAX)])
    return_to = HiddenField(validators=[Optional(), Length(max=2000)])

    limit = BULK_LIMIT

    def selection(self) -> tuple[str, list[str]]:
        """(action, tokens): a row's button wins over the selection's action."""
        if self.one.data:
            action, _, token = self.one.data.partition(":")
            return action, [token]
        return self.action.data or "", list(self.ids.data or [])


class ManualClaimForm(FlaskForm):
    text = TextAreaField("Claim", validators=[DataRequired(), Length(max=2000)],
                         description="The words as they appeared; up to 2,000 characters.")
    speaker = StringField("Speaker", validators=[Optional(), Length(max=200)], description="Who said it.")
    where = StringField("Where it appeared", validators=[Optional(), Length(max=200)],
                        description="e.g. a reader's email, a post on a social network, a TV interview.")
    appeared_on = DateField("When", validators=[Optional()], format="%Y-%m-%d")
    url = StringField("URL", validators=[Optional(), Length(max=2000)], description="http:// or https://")

    def to_entry(self) -> ManualClaim:
        return ManualClaim(text=self.text.data or "", speaker=self.speaker.data or "", where=self.where.data or "",
                           appeared_on=self.appeared_on.data, url=(self.url.data or "").strip())


class EvidenceForm(FlaskForm):
    version = IntegerField(validators=[Optional(), NumberRange(min=1, max=ID_MAX)])  # set when editing
    url = StringField("URL", validators=[DataRequired(), Length(max=2000)], description="http:// or https:// only")
    title = StringField("Title", validators=[DataRequired(), Length(max=300)], description="Up to 300 characters.")
    publisher = StringField("Publisher", validators=[Optional(), Length(max=200)])
    published_date = DateField("Published", validators=[Optional()], format="%Y-%m-%d")
    excerpt = TextAreaField("Quoted excerpt", validators=[Optional(), Length(max=5000)],
                            description="The passage that matters, word for word; up to 5,000 characters.")
    stance = SelectField("Stance", choices=[(s, s) for s in STANCES], default="context")
    source_kind = SelectField("Kind of source", choices=list(SOURCE_KIND_LABELS.items()), default="secondary")
    archive_url = StringField("Archived copy", validators=[Optional(), Length(max=2000)],
                              description="e.g. a Wayback Machine URL")
    notes = TextAreaField("Notes", validators=[Optional(), Length(max=5000)])

    def to_input(self) -> EvidenceInput:
        return EvidenceInput(url=(self.url.data or "").strip(), title=self.title.data or "",
                             publisher=self.publisher.data or "", published_date=self.published_date.data,
                             excerpt=self.excerpt.data or "", stance=self.stance.data,
                             source_kind=self.source_kind.data, archive_url=(self.archive_url.data or "").strip(),
                             notes=self.notes.data or "")


class NoteForm(FlaskForm):
    body = TextAreaField("Note", validators=[DataRequired(), Length(max=NOTE_LIMIT)],
                         description=f"Internal, never public; up to {NOTE_LIMIT:,} characters.")


class MediaFields:
    """The media rating of a verdict about an image, a video or audio (the draft and the correction forms)."""

    media_kind = SelectField("The claim is about", validate_choice=False, choices=[
        ("", "— not a piece of media —"), (MediaKind.IMAGE.value, "an image"), (MediaKind.VIDEO.value, "a video"),
        (MediaKind.AUDIO.value, "audio")], description="A claim with an image appearance is about that image.")
    media_rating = SelectField("Media rating", validate_choice=False,
                               choices=[("", "— none —"), *((r.value, r.label) for r in MediaRating)],
                               description="How the media was presented (schema.org MediaReview).")
    media_url = StringField("Media address", validators=[Optional(), Length(max=2000)],
                            description="http(s) link to the image, video or audio itself; empty: the claim's "
                                        "image appearance's link.")

    def validate_media_rating(self, field) -> None:
        try:
            parse_rating(field.data)
        except ValueError as error:
            raise WTFValidationError(str(error)) from None

    def validate_media_kind(self, field) -> None:
        try:
            parse_kind(field.data)
        except ValueError as error:
            raise WTFValidationError(str(error)) from None

    def media_values(self) -> tuple[MediaRating | None, MediaKind | None, str | None]:
        return parse_rating(self.media_rating.data), parse_kind(self.media_kind.data), \
            (self.media_url.data or "").strip() or None


class DraftForm(MediaFields, FlaskForm):
    version = IntegerField(validators=[DataRequired(), NumberRange(min=1, max=ID_MAX)])
    rating = SelectField("Rating", coerce=optional_int, validate_choice=False, choices=[("", "— choose —")])
    headline = StringField("Headline", validators=[Optional(), Length(max=HEADLINE_MAX)],
                           description=f"Under {HEADLINE_MAX + 1} characters (ClaimReview shows it in search results).")
    summary = TextAreaField("Our ruling", validators=[Optional(), Length(max=SUMMARY_MAX)],
                            description=f"Plain text, up to {SUMMARY_MAX:,} characters.")
    body = TextAreaField("Body", validators=[Optional(), Length(max=BODY_MAX)],
                         description="Markdown; cite evidence as [1], [2]… (raw HTML is shown as text).")


    def to_input(self) -> DraftInput:
        rating, kind, url = self.media_values()
        return DraftInput(rating_id=self.rating.data, headline=self.headline.data or "",
                          summary=self.summary.data or "", body=self.body.data or "",
                          media_rating=rating, media_kind=kind, media_url=url)


class PreviewForm(FlaskForm):
    body = TextAreaField(validators=[Optional(), Length(max=BODY_MAX)])


class ReturnForm(FlaskForm):
    version = IntegerField(validators=[DataRequired(), NumberRange(min=1, max=ID_MAX)])
    note = TextAreaField("What needs to change", validators=[DataRequired(), Length(max=5000)],
                         description="The author sees this note; up to 5,000 characters.")


class VoteForm(FlaskForm):
    rating = IntegerField("Rating", validators=[DataRequired(), NumberRange(min=1, max=ID_MAX)])
    note = TextAreaField("Why", validators=[Optional(), Length(max=2000)])


class RatingLevelForm(FlaskForm):
    label = StringField("Label", validators=[DataRequired(), Length(max=60)])
    description = TextAreaField("Description", validators=[Optional(), Length(max=2000)])
    colour = StringField("Colour", validators=[DataRequired(), Length(min=7, max=7)], default="#777777",
                         description="A hex code such as #1a7f37.")
    value = IntegerField("Numeric value", validators=[Optional(), NumberRange(min=1, max=100)],
                         description="ClaimReview ratingValue, only for levels on the true–false scale "
                                     "(1 = false); leave empty for levels outside it.")

    published = RadioField("Published verdicts with this level", choices=list(PUBLISHED_CHOICES.items()),
                           validators=[Optional()], validate_choice=False)

    def to_input(self) -> LevelInput:
        return LevelInput(self.label.data or "", self.description.data or "", (self.colour.data or "").strip(),
                          self.value.data)


class MoveForm(FlaskForm):
    step = IntegerField(validators=[DataRequired(), NumberRange(min=-1, max=1)])


class SettingsForm(FlaskForm):
    org_name = StringField("Organisation name", validators=[DataRequired(), Length(max=200)])
    org_url = StringField("Website", validators=[DataRequired(), Length(max=2000)], description="http:// or https://")
    org_logo = StringField("Logo URL", validators=[Optional(), Length(max=2000)], description="http:// or https://")
    org_contact = StringField("Contact", validators=[Optional(), Length(max=300)],
                              description="An email address or a contact page's URL.")
    language = StringField("Language", validators=[DataRequired(), Length(min=2, max=20)],
                           description="A language tag such as en or pt-BR.")
    two_person_rule = BooleanField("Two-person rule: an editor cannot publish a verdict they drafted")
    sourcing_rule = SelectField("Sourcing rule", choices=list(SOURCING_RULES.items()))
    rating_panel_size = SelectField("Rating panel", coerce=int, choices=[
        (1, "1 — the publishing editor decides the rating"), (3, "3 — the majority of three editors' votes")])

    def validate_org_url(self, field) -> None:
        if safe_url(field.data or "") is None:
            raise WTFValidationError("The website must start with http:// or https://.")

    def validate_org_logo(self, field) -> None:
        if field.data and safe_url(field.data) is None:
            raise WTFValidationError("The logo's URL must start with http:// or https://.")

    def validate_language(self, field) -> None:
        if not LANGUAGE_TAG.match(field.data or ""):
            raise WTFValidationError("Use a language tag such as en, de or pt-BR.")

    def values(self) -> dict:
        return {name: getattr(self, name).data.strip() if isinstance(getattr(self, name).data, str)
                else getattr(self, name).data for name in SETTING_KEYS}


class VersionForm(FlaskForm):
    """A POST-only button on a versioned row (remove a source, publish): the version it was drawn from."""

    version = IntegerField(validators=[DataRequired(), NumberRange(min=1, max=ID_MAX)])


class AuditFilterForm(FlaskForm):
    """The audit log's filters, read from the query string (a GET form: no CSRF); the service checks the values."""

    class Meta:
        csrf = False

    person = SelectField("Person", validate_choice=False, choices=[("", "anyone")])
    claim = StringField("Claim #", validators=[Optional(), Length(max=20)])
    action = SelectField("Action", validate_choice=False,
                         choices=[("", "any action"), *((key, action_label(key)) for key in KNOWN_ACTIONS)])
    since = StringField("From", validators=[Optional(), Length(max=20)], description="YYYY-MM-DD (UTC)")
    until = StringField("Until", validators=[Optional(), Length(max=20)], description="YYYY-MM-DD, inclusive")
    after = HiddenField(validators=[Optional(), Length(max=100)])

    def to_filter(self) -> AuditFilter:
        return AuditFilter.parse(person=self.person.data, claim=self.claim.data, action=self.action.data,
                                 since=self.since.data, until=self.until.data)


class PasswordForm(FlaskForm):
    current = PasswordField("Current password", validators=[DataRequired(), Length(max=MAX_PASSWORD)])
    new = PasswordField("New password", description=f"At least {MIN_PASSWORD} characters.", validators=[
        DataRequired(), Length(min=MIN_PASSWORD, max=MAX_PASSWORD,
                               message=f"The new password needs {MIN_PASSWORD} to {MAX_PASSWORD} characters.")])
    confirm = PasswordField("New password again", validators=[
        DataRequired(), EqualTo("new", message="The two new passwords are not the same.")])


class MatchActionForm(FlaskForm):
    """Attach / Not the same on a match banner: the claim's version (for attach) and where to go back to."""

    version = IntegerField(validators=[Optional(), NumberRange(min=1, max=ID_MAX)])
    return_to = HiddenField(validators=[Optional(), Length(max=2000)])
