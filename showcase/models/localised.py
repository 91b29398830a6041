from django.utils import translation


def localised(obj, field: str) -> str:
    """The field in the page's language: its `_en` twin on English pages when filled in."""
    vi_value = getattr(obj, field)
    if translation.get_language() == "en":
        return getattr(obj, f"{field}_en") or vi_value
    return vi_value
