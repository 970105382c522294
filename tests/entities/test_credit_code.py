import pytest
from django.core.exceptions import ValidationError

from supervision.core.credit_code import credit_code_check_char, validate_credit_code

# Published codes of well-known firms, as printed on their business licences.
REAL_CODES = ["91350100M000100Y43", "91110000100017643K"]


@pytest.mark.parametrize("code", REAL_CODES)
def test_published_codes_are_valid(code):
    validate_credit_code(code)


def test_check_character_is_computed_from_the_first_17():
    assert credit_code_check_char("91350100M000100Y4") == "3"


@pytest.mark.parametrize(
    ("code", "error_code"),
    [
        ("91350100M000100Y44", "credit_code_check"),
        ("91350100M000100Y4", "credit_code_length"),
        ("91350100M000100YI3", "credit_code_character"),
        ("9135A100M000100Y43", "credit_code_division"),
    ],
)
def test_bad_codes_are_refused_with_a_specific_reason(code, error_code):
    with pytest.raises(ValidationError) as caught:
        validate_credit_code(code)
    assert caught.value.code == error_code
