"""The solver engine: one pure NumPy function per exam computation.

Each module holds one concept: the equations in its docstring, a frozen dataclass of named
steps, and a function that follows the equations line by line. Nothing here prints, reads
files or knows about Typer. `SOLVERS` names every solver the question bank may refer to.
"""

SOLVERS: dict[str, str] = {
    # name -> "module:function"; imported on demand so the CLI starts fast
    "rnn": "dlquiz.solvers.rnn:rnn_forward",
    "lstm": "dlquiz.solvers.lstm:lstm_forward",
    "gru": "dlquiz.solvers.gru:gru_forward",
    "attention": "dlquiz.solvers.attention:self_attention",
    "attention_scores": "dlquiz.solvers.attention:attention_from_scores",
    "context": "dlquiz.solvers.context:context_vector",
    "params": "dlquiz.solvers.params:count_params",
    "entropy": "dlquiz.solvers.information:entropy",
    "xent": "dlquiz.solvers.information:cross_entropy_table",
    "kl": "dlquiz.solvers.information:kl_divergence",
    "gan": "dlquiz.solvers.gan:gan_losses",
    "clip": "dlquiz.solvers.clip:clip_gradient",
    "softmax": "dlquiz.solvers.softmax:softmax_steps",
    "posenc": "dlquiz.solvers.posenc:positional_encoding",
    "mha": "dlquiz.solvers.mha:multi_head_attention",
    "bptt": "dlquiz.solvers.bptt:bptt",
}
