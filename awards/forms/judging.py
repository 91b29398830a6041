"""The judge's score sheet (a score and a comment per criterion, an overall comment) and the
declaration of a conflict of interest; the organisers' small forms for a round."""

from django import forms
from django.utils.translation import gettext_lazy as _

from awards.forms.fields import ScoreField
from forum.fields import NfcCharField


class SheetForm(forms.Form):
    """Fields score_<criterion id> and note_<criterion id>, then the overall comment. "Save
    draft" accepts blanks; "Submit" needs every required criterion."""

    comment = NfcCharField(
        label=_("Nhận xét chung"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, criteria, sheet=None, submit=False, **kwargs):
        initial = {}
        if sheet is not None:
            for score in sheet.scores.all():
                initial[f"score_{score.criterion_id}"] = score.value
                initial[f"note_{score.criterion_id}"] = score.comment
            initial["comment"] = sheet.comment
        super().__init__(*args, initial=initial, **kwargs)
        self.criteria = list(criteria)
        fields = {}
        for criterion in self.criteria:
            fields[f"score_{criterion.pk}"] = ScoreField(
                max_value=criterion.max_score,
                label=criterion.display_name,
                required=submit and criterion.required,
                error_messages={"required": _("Tiêu chí bắt buộc: hãy cho điểm.")},
            )
            fields[f"note_{criterion.pk}"] = NfcCharField(
                label=_("Nhận xét: %(criterion)s") % {"criterion": criterion.display_name},
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        # The criteria first, the overall comment last.
        fields["comment"] = self.fields.pop("comment")
        self.fields = fields

    def rows(self):
        """(criterion, score field, note field) for the template."""
        return [
            (criterion, self[f"score_{criterion.pk}"], self[f"note_{criterion.pk}"])
            for criterion in self.criteria
        ]

    def values(self) -> dict:
        return {c.pk: self.cleaned_data.get(f"score_{c.pk}") for c in self.criteria}

    def notes(self) -> dict:
        return {c.pk: self.cleaned_data.get(f"note_{c.pk}", "") for c in self.criteria}


class ConflictForm(forms.Form):
    reason = NfcCharField(
        label=_("Lý do (chỉ ban tổ chức đọc)"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Hãy nêu ngắn gọn lý do xung đột lợi ích.")},
    )


class ShortlistForm(forms.Form):
    category = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    size = forms.IntegerField(label=_("Số hồ sơ vào vòng sau"), min_value=1, max_value=500)


class AssignForm(forms.Form):
    entry = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    judge = forms.IntegerField(label=_("Giám khảo"), min_value=1)


class OrganiserConflictForm(forms.Form):
    judge = forms.IntegerField(label=_("Giám khảo"), min_value=1)
    reason = NfcCharField(label=_("Lý do"), max_length=500, required=False)
