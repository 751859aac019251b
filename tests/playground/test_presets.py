"""Playground presets: short key=value strings that round-trip exactly."""

import pytest

from nnviz.playground.config import HIDEABLE, PlaygroundConfig

CONFIGS = [
    PlaygroundConfig(),
    PlaygroundConfig(
        data="xor",
        hidden=(),
        lr=0.001,
        features=("x1x2", "x1"),
        hide=("features", "optimizer"),
        discretize=True,
    ),
    PlaygroundConfig(
        hidden=(3, 5, 2),
        activation=("relu", "tanh", "relu"),
        penalty="l2",
        rate=1e-5,
        optimizer="adam",
        batch=32,
    ),
    PlaygroundConfig(
        data="plane",
        noise=0.0,
        train=0.5,
        points=200,
        seed=7,
        init="he_normal",
        dropout=0.25,
        hidden=(8,),
        activation="relu",
    ),
    PlaygroundConfig(
        data="spirals", lr=0.1 + 0.2, noise=1 / 3
    ),  # floats with long reprs
]


@pytest.mark.parametrize("config", CONFIGS)
def test_round_trip_is_exact(config):
    text = config.to_preset()
    assert PlaygroundConfig.from_preset(text) == config
    assert PlaygroundConfig.from_preset(text).to_preset() == text


def test_defaults_give_the_empty_preset_and_only_changes_are_written():
    assert PlaygroundConfig().to_preset() == ""
    assert PlaygroundConfig(data="xor", lr=0.01).to_preset() == "data=xor;lr=0.01"


def test_readable_example_parses():
    config = PlaygroundConfig.from_preset(
        " data=xor; hidden=4 ; activation=relu;features=x1,x2,x1x2;"
        "hide=features,optimizer;"
    )
    assert config.data == "xor" and config.hidden == (4,)
    assert config.activation == ("relu",)
    assert config.features == ("x1", "x2", "x1x2")
    assert config.hide == ("features", "optimizer")


def test_one_activation_applies_to_every_layer():
    config = PlaygroundConfig.from_preset("hidden=3,3,3;activation=relu")
    assert config.activation == ("relu",) * 3


def test_regression_data_uses_squared_error():
    assert PlaygroundConfig.from_preset("data=plane").loss == "squared"


def test_every_hideable_name_is_accepted():
    assert PlaygroundConfig(hide=HIDEABLE).hide == HIDEABLE


@pytest.mark.parametrize(
    "text, match",
    [
        ("data=foo", "not an option"),
        ("lr", "no '='"),
        ("lr=abc", "should be a number"),
        ("hidden=4,x", "whole numbers"),
        ("zzz=1", "Unknown preset key"),
        ("lr=0.1;lr=0.2", "twice"),
        ("hidden=4,2;activation=tanh,relu,relu", "need 2 activation"),
        ("noise=5", "out of range"),
        ("lr=0", "learning rate"),
        ("hidden=40", "units"),
        ("features=x9", "Unknown input feature"),
        ("hide=everything", "not an option"),
        ("discretize=maybe", "1 or 0"),
    ],
)
def test_malformed_presets_say_what_is_wrong(text, match):
    with pytest.raises(ValueError, match=match):
        PlaygroundConfig.from_preset(text)


def test_a_preset_must_be_text():
    with pytest.raises(ValueError, match="text string"):
        PlaygroundConfig.from_preset(3)


def test_whole_number_floats_are_written_without_a_decimal_point():
    assert PlaygroundConfig.from_preset("lr=10").to_preset() == "lr=10"
    assert PlaygroundConfig(noise=1.0).to_preset() == "noise=1"
