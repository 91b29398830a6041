"""The delegate's pages: their addresses, a valid registration form, and posting it."""

REGISTER = "/register/"
STATUS = "/my-registration/"
EDIT = "/my-registration/edit/"
CANCEL = "/my-registration/cancel/"
MY_DATA = "/my-data/"
DOWNLOAD = "/my-data/download.json"
DELETE = "/my-data/delete/"


def consent_url(purpose: str) -> str:
    return f"/my-data/consent/{purpose}/"


VALID = {
    "honorific": "Ông",
    "full_name": "Nguyễn Văn An",
    "given_name": "",
    "position": "Giám đốc",
    "organisation": "Công ty Cổ phần MISA",
    "delegate_type": "enterprise",
    "phone": "0912345678",
    "province": "Thành phố Hà Nội",
    "email_language": "vi",
    "needs": "",
    "invitation_code": "",
    "consent_administration": "on",
}


def form_data(**overrides) -> dict:
    data = {**VALID, **overrides}
    return {key: value for key, value in data.items() if value is not None}


def register(client, **overrides):
    return client.post(REGISTER, form_data(**overrides))


def errors_of(response, field: str) -> list[str]:
    return list(response.context["form"].errors.get(field, []))
