"""Lesson 8's views (Q2, Q5, Q19, Q20), gathered from their modules:

    scaling_views      ScalingGridView (Q2), SteeringView (Q5)
    likelihood_views   SoftmaxL1View (Q19), LossCompareView (Q20)
"""

from .likelihood_views import LossCompareView, SoftmaxL1View
from .scaling_views import ScalingGridView, SteeringView

__all__: list[str] = [
    "ScalingGridView", "SteeringView", "SoftmaxL1View", "LossCompareView",
]
