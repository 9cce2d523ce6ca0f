import pytest

from scanners.cards.masking import mask


@pytest.mark.parametrize(
    ("kind", "value", "masked"),
    [
        ("pan", "4111111111111111", "411111******1111"),
        ("pan", "378282246310005", "378282*****0005"),
        ("pan", "4222222222222", "422222***2222"),
        ("pan", "123", "***"),
        ("cvv", "123", "***"),
        ("cvv", "1234", "****"),
        ("expiry", "12/29", "**/**"),
        (
            "track",
            "%B4111111111111111^DOE/JANE^30121010000000000000?",
            "%B411111******1111^***/****^********************?",
        ),
        ("track", ";4111111111111111=30121010000000000000?", ";411111******1111=********************?"),
        ("credential", "AKIAZ3X5Q7W9E2R4T6Y8", "AKIA****************"),
    ],
)
def test_mask(kind: str, value: str, masked: str) -> None:
    assert mask(kind, value) == masked
