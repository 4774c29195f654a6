"""GAN losses from the discriminator's outputs (Goodfellow et al., 2014).

    V(D, G) = E_x[log D(x)] + E_z[log(1 − D(G(z)))]
    L_D = −E_x[log D(x)] − E_z[log(1 − D(G(z)))]
    L_G (minimax) = E_z[log(1 − D(G(z)))]
    L_G (non-saturating) = −E_z[log D(G(z))]

D maximises V (equivalently minimises L_D, the binary cross-entropy with real = 1 and fake
= 0); G minimises V. In practice G minimises the non-saturating loss instead, which gives
strong gradients early on, when D easily rejects fakes and log(1 − D(G(z))) is flat.
Expectations are means over the batch; logs are natural unless another base is chosen.
(`reduce="sum"` sums over each batch instead, the mistake a grader names, not a loss to use.)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np
from numpy.typing import ArrayLike

from dlquiz.errors import input_error
from dlquiz.solvers._common import Array, Result, vector
from dlquiz.solvers.information import log_base

EQUATIONS = (
    "V(D, G) = E_x[log D(x)] + E_z[log(1 − D(G(z)))]",
    "L_D = −E_x[log D(x)] − E_z[log(1 − D(G(z)))]",
    "L_G (minimax) = E_z[log(1 − D(G(z)))]",
    "L_G (non-saturating) = −E_z[log D(G(z))]",
)
EXAMPLE: dict[str, Any] = {"dx": [0.9, 0.8], "dgz": [0.2, 0.3]}


@dataclass(frozen=True)
class GANResult(Result):
    dx: Array  # D(x) on real samples
    dgz: Array  # D(G(z)) on generated samples
    log_dx: Array
    log_1_minus_dgz: Array
    log_dgz: Array
    loss_d: float
    loss_g_minimax: float
    loss_g_nonsaturating: float
    value: float
    base: str

    JSON_KEYS: ClassVar[tuple[str, ...]] = (
        "loss_d",
        "loss_g_minimax",
        "loss_g_nonsaturating",
        "value",
    )


def _outputs(value: ArrayLike, name: str, param: str) -> Array:
    arr = vector(value, name, param=param)
    if np.any((arr < 0) | (arr > 1)):
        raise input_error("solver_input.gan.outputs", param=param, name=name)
    return arr


def gan_losses(
    dx: ArrayLike = EXAMPLE["dx"],
    dgz: ArrayLike = EXAMPLE["dgz"],
    base: str = "e",
    reduce: str = "mean",
) -> GANResult:
    """Both players' losses and the value of the game, averaged over the batch.

    V(D, G) = E_x[log D(x)] + E_z[log(1 − D(G(z)))]
    L_D = −E_x[log D(x)] − E_z[log(1 − D(G(z)))]
    L_G (minimax) = E_z[log(1 − D(G(z)))]
    L_G (non-saturating) = −E_z[log D(G(z))]
    """
    if reduce not in ("mean", "sum"):
        raise input_error("solver_input.gan.reduce", param="reduce", reduce=reduce)
    ln_b = log_base(base)
    D_x = _outputs(dx, "D(x)", "dx")
    D_gz = _outputs(dgz, "D(G(z))", "dgz")
    with np.errstate(divide="ignore"):
        log_dx = np.log(D_x) / ln_b
        log_1m = np.log1p(-D_gz) / ln_b
        log_dgz = np.log(D_gz) / ln_b
    E = np.mean if reduce == "mean" else np.sum  # the batch expectation
    value = float(E(log_dx) + E(log_1m))
    return GANResult(
        dx=D_x, dgz=D_gz, log_dx=log_dx, log_1_minus_dgz=log_1m, log_dgz=log_dgz,
        loss_d=-value, loss_g_minimax=float(E(log_1m)),
        loss_g_nonsaturating=float(-E(log_dgz)), value=value, base=str(base),
    )  # fmt: skip
