"""The parameter-count formulas shared by Keras and PyTorch layers, with the mistake knobs.

    recurrent   gates · units · (units + inputs + biases)   gates: 1 RNN, 3 GRU, 4 LSTM
    dense       units · (inputs + 1), or units · inputs without a bias
    conv        filters · (kernel · channels + 1), or filters · kernel · channels

Each formula also returns its worked arithmetic, "4 × 30 × (30 + 1 + 1)", which `formula`
joins into the line a student checks: "4 × 30 × (30 + 1 + 1) = 3840".

The knobs reproduce students' errors: `gates` counts an LSTM with that many gate blocks;
`biases` is the number of bias vectors per gate of a recurrent layer, and 0 also drops the
bias of dense and convolution layers (a knob never adds a bias to a layer built without one).
"""

from __future__ import annotations

from dataclasses import dataclass

GATES = {"SimpleRNN": 1, "RNN": 1, "LSTM": 4, "GRU": 3}
Term = tuple[int, str]  # a count and its worked arithmetic


@dataclass(frozen=True)
class Knobs:
    gates: int | None = None  # LSTM gate blocks, None = the true 4
    biases: int | None = None  # bias vectors per gate, None = the framework's own

    def recurrent(self, kind: str, units: int, inputs: int, biases: int) -> Term:
        gates = self.gates if kind == "LSTM" and self.gates is not None else GATES[kind]
        biases = biases if self.biases is None or not biases else self.biases
        expr = f"{gates} × " if gates > 1 else ""
        expr += f"{units} × ({units} + {inputs}" + (f" + {biases})" if biases else ")")
        return gates * units * (units + inputs + biases), expr

    def dense(self, units: int, inputs: int, bias: bool) -> Term:
        if bias and self.biases != 0:
            return units * (inputs + 1), f"{units} × ({inputs} + 1)"
        return units * inputs, f"{units} × {inputs}"

    def conv(self, filters: int, kernel: int, channels: int, bias: bool) -> Term:
        params, _ = self.dense(filters, kernel * channels, bias)
        if params == filters * kernel * channels:
            return params, f"{filters} × {kernel} × {channels}"
        return params, f"{filters} × ({kernel} × {channels} + 1)"


def formula(terms: list[Term]) -> str:
    """One layer's arithmetic: a term per stacked layer, then their counts, then the total."""
    total = sum(p for p, _ in terms)
    if not any(expr for _, expr in terms):
        return "0 (no weights)"
    if len(terms) == 1:
        return f"{terms[0][1]} = {total}"
    return f"{' + '.join(e for _, e in terms)} = {' + '.join(str(p) for p, _ in terms)} = {total}"
