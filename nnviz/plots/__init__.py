"""Views: matplotlib figures built once and updated in place (`view.update(...)`).

Only matplotlib and nnviz.core here; no ipywidgets.
"""

from . import style  # noqa: F401
from .histograms import PerLayerHistogramView  # noqa: F401
from .schemes import SchemeCurvesView  # noqa: F401
from .schemes import PitfallsView  # noqa: F401
from .dropout import DropoutOutputsView, KeepProbView  # noqa: F401
from .logits import LogitsView  # noqa: F401
from .trajectories import NeuronTrajectoryView, WeightNormView  # noqa: F401
from .explosion import ExplosionView  # noqa: F401
from .fit1d import Fit1DView, PictureView  # noqa: F401
from .lstm import GateTimelineView  # noqa: F401
from .conv import (  # noqa: F401
    ClassResponseView, ConvArithmeticView, FeatureMapView, FilterGridView, KernelView,
    compare_filters,
)
from .boundary import DecisionBoundaryView, model_predictor  # noqa: F401
from .curves import ActivationCurvesView, LossCurveView  # noqa: F401
from .network import NetworkDiagramView  # noqa: F401
from .space import SpaceDistortionView  # noqa: F401
from .approx import BumpsView, approximate, bump, bumps_network  # noqa: F401
from .export import export_animation, export_space, save_gif, save_html  # noqa: F401
from .fans import FanView  # noqa: F401
from .outputs import *  # noqa: E402,F401,F403 (lesson 8)
from .residual import *  # noqa: E402,F401,F403 (lesson 10)
from .dynamics import *  # noqa: E402,F401,F403 (lesson 9)
