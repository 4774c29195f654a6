"""Small question files for the tests of the bank's reader, checker and validator."""

# Exam Q4's network as a one-question bank: numeric, with a mistake; tests change one thing.
DEMO_RNN = """\
format_version: 1
questions:
- id: demo-rnn
  topic: rnn
  type: numeric
  source: dlquiz
  points: 5
  prompt:
    en: "U = {{u}}, x = {{x}}. Compute y."
    zh: "U = {{u}}，x = {{x}}。請計算 y。"
  hints:
  - en: "A hint"
    zh: "提示"
  solution:
    en: "The solution"
    zh: "解答"
  solver: rnn
  inputs: {x: [2, 3], u: [0.5, 0.6], w: [[0.1, 0.2], [0.3, 0.4]], v: [1.0, 2.0],
           bh: [1.0, -1.0], by: [0.1], h0: [0, 0]}
  answer: y
  mistakes:
  - id: forgot-hidden-bias
    label: {en: "forgot the hidden bias", zh: "漏了隱藏層的偏差項"}
    with: {bh: [0, 0]}
    en: "You left out b_h."
    zh: "你漏掉了 b_h。"
"""
