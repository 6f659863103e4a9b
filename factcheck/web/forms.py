"""Flask-WTF forms: every POST carries a CSRF token; limits are stated on the form."""
from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (BooleanField, DateField, EmailField, HiddenField, IntegerField, PasswordField,
                     SelectField, StringField, TextAreaField)
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from factcheck.services.triage import DISMISS_REASONS
from factcheck.workflow import Role

ROLE_CHOICES = [(role.label, role.label) for role in Role]


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
    file = FileField("…or upload a file", description=".txt, .md or .html, UTF-8")


class TransitionForm(FlaskForm):
    version = IntegerField(validators=[DataRequired(), NumberRange(min=1)])
    note = TextAreaField("Note", validators=[Optional(), Length(max=5000)])
    reason = SelectField("Reason", choices=list(DISMISS_REASONS.items()), validate_choice=False,
                         validators=[Optional()])
    duplicate_of = IntegerField("Duplicate of claim #", validators=[Optional(), NumberRange(min=1)])
    assignee = IntegerField("Assign to", validators=[Optional(), NumberRange(min=1)])


class UserForm(FlaskForm):
    email = EmailField("Email", validators=[DataRequired(), Length(max=254)])
    name = StringField("Name", validators=[DataRequired(), Length(max=120)])
    role = SelectField("Role", choices=ROLE_CHOICES, validate_choice=False)
    password = PasswordField("Password", validators=[Optional(), Length(min=10, max=1000)],
                             description="At least 10 characters; leave empty to generate one.")


class RoleForm(FlaskForm):
    role = SelectField("Role", choices=ROLE_CHOICES, validate_choice=False)


class ActiveForm(FlaskForm):
    active = BooleanField("Active")
