import pytest

from scanners.aws import client_options
from scanners.errors import ConfigError
from scanners.sources.targets import parse_since

LOCAL = {"AWS_ENDPOINT_URL": "http://127.0.0.1:5000"}


@pytest.mark.parametrize(
    ("region", "env", "expected"),
    [
        (None, LOCAL, {"region_name": "us-east-1", "aws_access_key_id": "local", "aws_secret_access_key": "local"}),
        ("eu-west-2", LOCAL, {"region_name": "eu-west-2", "aws_access_key_id": "local",
                              "aws_secret_access_key": "local"}),
        (None, {**LOCAL, "AWS_ACCESS_KEY_ID": "AKIAX"}, {"region_name": "us-east-1"}),
        (None, {**LOCAL, "AWS_PROFILE": "dev"}, {"region_name": "us-east-1"}),
        (None, {"AWS_ENDPOINT_URL": "http://localhost:4566", "AWS_REGION": "eu-west-1"},
         {"region_name": "eu-west-1", "aws_access_key_id": "local", "aws_secret_access_key": "local"}),
        ("eu-west-2", {}, {"region_name": "eu-west-2"}),
        (None, {"AWS_REGION": "ap-south-1"}, {"region_name": "ap-south-1"}),
        ("eu-west-2", {"AWS_ENDPOINT_URL": "https://logs.example.com"}, {"region_name": "eu-west-2"}),
    ],
)
def test_client_options(region: str | None, env: dict[str, str], expected: dict[str, str]) -> None:
    assert client_options(region, env) == expected


@pytest.mark.parametrize("env", [{}, {"AWS_ENDPOINT_URL": "https://logs.example.com"}])
def test_no_region_is_left_to_boto3(env: dict[str, str]) -> None:
    assert "region_name" not in client_options(None, env)


def test_missing_region_is_a_clear_error(monkeypatch: pytest.MonkeyPatch, tmp_path: object) -> None:
    from scanners.aws import default_clients

    for name in ("AWS_REGION", "AWS_DEFAULT_REGION", "AWS_ENDPOINT_URL", "AWS_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", f"{tmp_path}/none")
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")  # no credential-chain lookup
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    with pytest.raises(ConfigError, match="AWS region for logs: expected AWS_REGION or AWS_DEFAULT_REGION"):
        default_clients("logs")


@pytest.mark.parametrize(("value", "ms_ago"), [("24h", 86_400_000), ("7d", 604_800_000), ("30m", 1_800_000),
                                               ("90s", 90_000), ("2w", 1_209_600_000)])
def test_since_durations(value: str, ms_ago: int) -> None:
    assert parse_since(value, now=1_000_000_000) == 1_000_000_000_000 - ms_ago


def test_since_iso_date() -> None:
    assert parse_since("2026-11-25T00:00:00+00:00") == 1795564800000


def test_every_module_in_sources_is_a_discovered_source_or_a_declared_helper() -> None:
    """Sources are discovered, not listed: a new file in scanners/sources/ must declare what it is."""
    import importlib
    import pkgutil

    import scanners.sources as package
    from scanners.sources.targets import source_classes, source_classes_of

    discovered = set(source_classes())
    for info in pkgutil.iter_modules(package.__path__):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"scanners.sources.{info.name}")
        own = source_classes_of(module)
        helper = getattr(module, "NOT_A_SOURCE", None)
        assert (len(own) == 1) != bool(helper), f"scanners/sources/{info.name}.py: a source or a NOT_A_SOURCE helper"
        assert set(own) <= discovered
        for cls in own:
            assert isinstance(cls.TARGET_HELP, str) and cls.TARGET_HELP
    prefixes = [cls.TARGET_PREFIX for cls in discovered]
    assert len(prefixes) == len(set(prefixes)) and prefixes.count("") == 1


@pytest.mark.parametrize(
    ("target", "kind"),
    [
        ("s3://bucket/prefix", "S3Source"),
        ("recordings:s3://bucket/calls/", "RecordingsSource"),
        ("cloudwatch:/aws/lambda/", "CloudWatchSource"),
        ("bedrock", "BedrockSource"),
        ("-", "StdinSource"),
        (".", "FileSource"),
    ],
)
def test_targets_go_to_the_source_that_claims_them(target: str, kind: str) -> None:
    from scanners.sources.targets import parse_target

    assert type(parse_target(target, clients=lambda _: object())).__name__ == kind


@pytest.mark.parametrize(
    ("target", "field"),
    [("s3://", "target: expected s3://BUCKET"), ("recordings:/x", "recordings target: expected s3://BUCKET"),
     ("cloudwatch:", "cloudwatch target: expected cloudwatch:LOG_GROUP_PREFIX"),
     ("no/such/path", "expected an existing file or directory")],
)
def test_bad_targets_name_the_field(target: str, field: str) -> None:
    from scanners.sources.targets import parse_target

    with pytest.raises(ConfigError, match=field):
        parse_target(target, clients=lambda _: object())


@pytest.mark.parametrize(
    ("name", "globs", "expected"),
    [
        ("logs/app/logo.png", {"*.png": "images"}, "images"),
        ("/aws/lambda/noisy", {"/aws/lambda/noisy": "debug"}, "debug"),
        ("a/b/c.txt", {"b/*": "x"}, None),
        ("a/b/c.txt", {"a/*": "all of a"}, "all of a"),
        ("Logo.PNG", {"*.png": "images"}, None),
    ],
)
def test_exclude_globs(name: str, globs: dict[str, str], expected: str | None) -> None:
    from scanners.sources.base import excluded

    assert excluded(name, globs) == expected
