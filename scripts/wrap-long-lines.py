#!/usr/bin/env python3
"""Wraps C# lines longer than 120 characters, touching only those lines (re-runnable: a second run changes nothing).

Usage: scripts/wrap-long-lines.py [--width 120] [--check] [FILE ...]
Without files it takes every .cs file tracked by git. --check changes nothing and only lists the long lines.

What it does to a line over the limit:
  1. A code line ending in a '//' comment: the comment moves to a line of its own above the code.
  2. A '//' or '///' comment line: its words are refilled, the overflow going into the next lines of the same
     paragraph (same prefix) or onto new lines with that prefix. Spaces inside XML tags and `code spans` are kept.
  3. A statement ending in a one-line initializer ('new T(...) { A = 1, B = 2 };') or an 'if (...) { a; b; }' gets
     the house's multi-line form: braces on lines of their own, one member or statement per line.
  4. A code line is broken where the house breaks lines: after ',', '(', '=' or '=>', after an 'if (...)' header,
     before '&&', '||', '??', '?', ':', '+', 'or', 'and' or the '.' of a call chain. Of all ways to make every piece
     fit, the cheapest wins: each line costs, each break by its bracket depth and kind, and a little each column a
     line leaves unused (so: few lines, shallow breaks, full lines). Continuation lines are indented 4 more; the
     next item of a list the line is in (or the next operand of a '&&' chain it starts) keeps its indentation. A
     lone list item left at the end is joined to the next line when that line continues the same list. Type
     argument lists, lambda parameter lists and deconstructions are never broken; braces only as a last resort
     (then the initializer is expanded as in 3, as dotnet format would).
  5. Where nothing else fits, a regular or interpolated string literal ("..." or $"..."; not verbatim or raw) is
     split at a space outside interpolation holes into "head " + "tail" ($"head " + $"tail"), only where '+' then
     binds as the literal did, and not where a FormattableString is expected ('...Interpolated(',
     'FormattableString.Invariant(') or in an attribute.
Only whitespace changes, besides the '" + "' of split literals and the trailing comma of expanded initializers;
each wrapped line is checked for that. Run `dotnet format whitespace RobustGrid.sln` afterwards (it re-indents the
braces of initializers and switch expressions whose first line was wrapped) and this script again until it prints
nothing. It prints the lines it cannot wrap as FILE:LINE: LENGTH, and then exits with 1.
"""

import argparse
import re
import subprocess
import sys

WIDTH = 120
HEX_DIGITS = "0123456789abcdefABCDEF"

# ---------------------------------------------------------------------------------------------------------------
# Lexer: enough of C# to know where strings, comments, brackets and operators are.
# ---------------------------------------------------------------------------------------------------------------

PUNCT = sorted(
    ["??=", ">>>=", "<<=", "=>", "==", "!=", "<=", ">=", "&&", "||", "??", "?.", "++", "--", "+=", "-=", "*=",
     "/=", "%=", "&=", "|=", "^=", "->", "::", ".."],
    key=len, reverse=True)


class Tok:
    """One token: kind is ws, nl, comment, pp, string, char, word, number or punct; [start, end) in the text.
    For strings: skind is 'regular', 'interp' ($"..."), 'verbatim', 'raw' or 'other', and parts lists the
    body as ('text'|'hole', start, end)."""

    __slots__ = ("kind", "start", "end", "text", "skind", "parts", "body_start", "body_end")

    def __init__(self, kind, start, end, text):
        self.kind, self.start, self.end, self.text = kind, start, end, text
        self.skind = self.parts = self.body_start = self.body_end = None

    def __repr__(self):
        return f"{self.kind}:{self.text!r}"


def _string_start(src, i):
    """If a string literal starts at i, returns (dollars, verbatim, quote index); else None."""
    j = i
    dollars = 0
    verbatim = False
    if j < len(src) and src[j] == "@":
        verbatim = True
        j += 1
    while j < len(src) and src[j] == "$":
        dollars += 1
        j += 1
    if not verbatim and j < len(src) and src[j] == "@":
        verbatim = True
        j += 1
    if j < len(src) and src[j] == '"' and (dollars or verbatim or j == i):
        return dollars, verbatim, j
    return None


def _scan_hole(src, i):
    """Scans an interpolation hole's code from i (just after '{'); returns the index of the closing '}'."""
    depth = 0
    n = len(src)
    while i < n:
        c = src[i]
        st = _string_start(src, i) if c in '@$"' else None
        if st:
            i = _scan_string(src, i, st)[0]
            continue
        if c == "'":
            i = _scan_char(src, i)
            continue
        if src.startswith("//", i):  # only possible in multi-line holes
            while i < n and src[i] != "\n":
                i += 1
            continue
        if c in "([{":
            depth += 1
        elif c in ")]":
            depth -= 1
        elif c == "}":
            if depth == 0:
                return i
            depth -= 1
        elif c == ":" and depth == 0 and not src.startswith("::", i) and src[i - 1] != ":":
            # Format specifier: literal text up to the closing brace.
            while i < n and src[i] != "}":
                i += 1
            return i
        i += 1
    return n


def _scan_char(src, i):
    j = i + 1
    while j < len(src) and src[j] != "'" and src[j] != "\n":
        j += 2 if src[j] == "\\" else 1
    return j + 1


def _scan_string(src, i, st):
    """Scans a string literal starting at i; returns (end, skind, parts, body_start, body_end)."""
    dollars, verbatim, q = st
    n = len(src)
    parts = []
    if src.startswith('"""', q):  # raw string literal
        m = q
        while m < n and src[m] == '"':
            m += 1
        run = m - q
        k = m
        while k < n:
            if src[k] == '"':
                e = k
                while e < n and src[e] == '"':
                    e += 1
                if e - k >= run:
                    return k + run, "raw", None, m, k
                k = e
            else:
                k += 1
        return n, "raw", None, m, n
    body = q + 1
    k = body
    seg = body
    while k < n:
        c = src[k]
        if verbatim:
            if c == '"':
                if k + 1 < n and src[k + 1] == '"':
                    k += 2
                    continue
                break
        else:
            if c == "\\":
                k += 2
                continue
            if c == '"' or c == "\n":
                break
        if dollars:
            if src.startswith("{{", k) or src.startswith("}}", k):
                k += 2
                continue
            if c == "{":
                parts.append(("text", seg, k))
                end = _scan_hole(src, k + 1)
                parts.append(("hole", k, end + 1))
                k = end + 1
                seg = k
                continue
        k += 1
    parts.append(("text", seg, k))
    end = k + 1 if k < n and src[k] == '"' else k
    if verbatim:
        skind = "verbatim"
    elif dollars == 1:
        skind = "interp"
    elif dollars == 0:
        skind = "regular"
    else:
        skind = "other"
    return end, skind, parts, body, k


def lex(src):
    toks = []
    i = 0
    n = len(src)
    line_start = True
    while i < n:
        c = src[i]
        start = i
        if c == "\n":
            toks.append(Tok("nl", i, i + 1, c))
            i += 1
            line_start = True
            continue
        if c in " \t\r":
            while i < n and src[i] in " \t\r":
                i += 1
            toks.append(Tok("ws", start, i, src[start:i]))
            continue
        if c == "#" and line_start:
            while i < n and src[i] != "\n":
                i += 1
            toks.append(Tok("pp", start, i, src[start:i]))
            continue
        line_start = False
        if src.startswith("//", i):
            while i < n and src[i] != "\n":
                i += 1
            toks.append(Tok("comment", start, i, src[start:i]))
            continue
        if src.startswith("/*", i):
            e = src.find("*/", i + 2)
            i = n if e < 0 else e + 2
            toks.append(Tok("comment", start, i, src[start:i]))
            continue
        st = _string_start(src, i) if c in '@$"' else None
        if st:
            end, skind, parts, bs, be = _scan_string(src, i, st)
            # A u8 suffix belongs to the literal.
            if src.startswith("u8", end) or src.startswith("U8", end):
                end += 2
                skind = "other"
            t = Tok("string", start, end, src[start:end])
            t.skind, t.parts, t.body_start, t.body_end = skind, parts, bs, be
            toks.append(t)
            i = end
            continue
        if c == "'":
            i = _scan_char(src, i)
            toks.append(Tok("char", start, i, src[start:i]))
            continue
        if c.isdigit() or (c == "." and i + 1 < n and src[i + 1].isdigit()):
            i += 1
            while i < n and (src[i].isalnum() or src[i] == "_" or
                             (src[i] == "." and i + 1 < n and src[i + 1].isdigit()) or
                             (src[i] in "+-" and src[i - 1] in "eE" and not src[start:i].lower().startswith("0x"))):
                i += 1
            toks.append(Tok("number", start, i, src[start:i]))
            continue
        if c.isalpha() or c == "_" or c == "@" or ord(c) > 127:
            i += 1
            while i < n and (src[i].isalnum() or src[i] == "_" or ord(src[i]) > 127):
                i += 1
            toks.append(Tok("word", start, i, src[start:i]))
            continue
        for p in PUNCT:
            if src.startswith(p, i):
                i += len(p)
                break
        else:
            i += 1
        toks.append(Tok("punct", start, i, src[start:i]))
    return toks


def significant(toks):
    return [t for t in toks if t.kind not in ("ws", "nl", "comment", "pp")]


def unbreakable_parens(sig):
    """Indices (into sig) inside parentheses that hold a lambda's parameters ('(a, b) =>') or a deconstruction
    ('var (a, b) =', 'foreach (var (a, b) in')."""
    inside = set()
    stack = []
    for k, t in enumerate(sig):
        if t.text == "(":
            stack.append(k)
        elif t.text == ")" and stack:
            o = stack.pop()
            after = sig[k + 1].text if k + 1 < len(sig) else ""
            before = sig[o - 1] if o > 0 else None
            # not a method's parameters ('F(int a) =>'): those follow a name, or a generic's '>'
            lambda_params = after == "=>" and (before is None or before.text in ("async", "static") or
                                               before.kind != "word" and before.text != ">")
            if lambda_params or before is not None and before.text == "var" and after in ("=", "in") \
                    or after == "=" and (before is None or before.text in (";", "{", "}")):
                inside.update(range(o + 1, k))
    return inside


def generic_spans(sig):
    """Indices (into sig) of '<' and '>' tokens that delimit type argument lists, as a set of inside indices."""
    inside = set()
    for a, t in enumerate(sig):
        if t.text != "<" or a == 0 or sig[a - 1].kind != "word" or sig[a - 1].end != t.start:
            continue
        depth = 0
        for b in range(a, min(len(sig), a + 60)):
            u = sig[b]
            if u.text == "<":
                depth += 1
            elif u.text == ">":
                depth -= 1
                if depth == 0:
                    inside.update(range(a, b + 1))
                    break
            elif u.kind == "word" or u.text in (",", ".", "?", "[", "]", "(", ")", "::"):
                continue
            else:
                break
    return inside


# ---------------------------------------------------------------------------------------------------------------
# Comments
# ---------------------------------------------------------------------------------------------------------------

COMMENT_RE = re.compile(r"^(\s*)(///?)(\s*)(.*)$")
BLOCK_TAGS = ("summary", "remarks", "returns", "param", "typeparam", "exception", "example", "code", "para", "list",
              "item", "term", "description", "listheader", "value", "inheritdoc", "include", "seealso", "permission")
BULLET_RE = re.compile(r"^(?:[-*•]|\d+[.)])\s+")


def comment_atoms(body, doc):
    """Splits comment text into words that may be put on separate lines: spaces inside XML tags (doc comments)
    and inside `code spans` are not break points."""
    ticks = body.count("`") % 2 == 0
    atoms = []
    cur = ""
    in_tag = in_code = False
    for k, ch in enumerate(body):
        if doc and not in_code and ch == "<" and k + 1 < len(body) and (body[k + 1].isalpha() or body[k + 1] == "/"):
            in_tag = True
        elif doc and in_tag and ch == ">":
            in_tag = False
        elif ticks and ch == "`":
            in_code = not in_code
        if ch == " " and not in_tag and not in_code:
            if cur:
                atoms.append(cur)
            cur = ""
        else:
            cur += ch
    if cur:
        atoms.append(cur)
    return atoms


def fill(atoms, avail):
    """Greedy fill; returns list of lines (lists of atoms)."""
    lines = []
    cur = []
    length = 0
    for a in atoms:
        if cur and length + 1 + len(a) > avail:
            lines.append(cur)
            cur, length = [], 0
        length += len(a) + (1 if cur else 0)
        cur.append(a)
    if cur:
        lines.append(cur)
    return lines


def is_block_boundary(body):
    b = body.strip()
    if not b or BULLET_RE.match(b):
        return True
    m = re.match(r"^</?(\w+)", b)
    return bool(m and m.group(1) in BLOCK_TAGS)


def ends_block(body):
    m = re.search(r"</(\w+)>\s*$|<(\w+)[^>]*/>\s*$", body)
    if not m:
        return False
    tag = m.group(1) or m.group(2)
    return tag in BLOCK_TAGS and tag not in ("see", "paramref")


def wrap_comments(lines, width, code_lines):
    """Reflows full-line comments over the limit; code_lines is the set of indices of lines holding code
    (a '//' inside a string or a multi-line literal is not a comment)."""
    out = []
    i = 0
    in_code_block = False
    while i < len(lines):
        line = lines[i]
        m = COMMENT_RE.match(line)
        if m and i not in code_lines:
            if "<code>" in line:
                in_code_block = True
            if "</code>" in line:
                in_code_block = False
        if len(line) <= width or not m or i in code_lines or in_code_block:
            out.append(line)
            i += 1
            continue
        indent, slashes, spaces, body = m.groups()
        doc = slashes == "///"
        prefix = indent + slashes + (spaces if body else " ")
        bullet = BULLET_RE.match(body)
        cont_prefix = prefix + (" " * len(bullet.group(0)) if bullet else "")
        atoms = comment_atoms(body, doc)
        first = fill(atoms, width - len(prefix))
        if len(first) < 2:
            out.append(line)  # one unbreakable word
            i += 1
            continue
        out.append(prefix + " ".join(first[0]))
        carry = [a for ln in first[1:] for a in ln]
        i += 1
        # Carry the rest into the next lines of the same paragraph while they take it.
        while carry:
            nxt = lines[i] if i < len(lines) else None
            nm = COMMENT_RE.match(nxt) if nxt is not None and i not in code_lines else None
            joinable = (nm and nm.group(1) + nm.group(2) + nm.group(3) == cont_prefix and nm.group(4)
                        and not is_block_boundary(nm.group(4)) and not ends_block(" ".join(carry))
                        and (nm.group(2) == "///") == doc)
            if joinable:
                atoms = carry + comment_atoms(nm.group(4), doc)
                i += 1
            else:
                atoms = carry
            filled = fill(atoms, width - len(cont_prefix))
            if joinable and len(filled) == 1:
                out.append(cont_prefix + " ".join(filled[0]))
                carry = []
            elif not joinable:
                out.extend(cont_prefix + " ".join(ln) for ln in filled)
                carry = []
            else:
                out.append(cont_prefix + " ".join(filled[0]))
                carry = [a for ln in filled[1:] for a in ln]
    return out


# ---------------------------------------------------------------------------------------------------------------
# Code lines
# ---------------------------------------------------------------------------------------------------------------

OPEN = {"(": ")", "[": "]", "{": "}"}
CLOSE = {")", "]", "}"}
BREAK_BEFORE = {"&&": 0, "||": 0, "??": 0, "?": 4, ":": 4, "+": 6, "-": 6}
BREAK_AFTER = {",": 0, "=>": 3, "=": 6, "+=": 0, "-=": 0, "??=": 0}
DECLARATION_WORDS = {"public", "private", "protected", "internal", "static", "sealed", "abstract", "partial",
                     "readonly", "const", "class", "record", "struct", "interface", "enum", "file", "using", "var",
                     "unsafe", "override", "virtual", "async", "extern", "new", "required", "delegate", "event"}
HEADERS = {"if", "while", "for", "foreach", "using", "lock", "fixed"}
NO_BREAK_AFTER_PAREN = {"if", "while", "for", "foreach", "switch", "using", "lock", "catch", "when", "fixed"}
STRING_PREV_OK = {"(", ",", "=", "=>", "+", ":", "?", "[", "{", "==", "!=", "??", "+=", "??="}
STRING_NEXT_OK = {")", ",", ";", "+", "]", "}", ":", "==", "!=", "??"}


class LineInfo:
    def __init__(self):
        self.toks = []          # tokens touching this line
        self.multi = False      # a token spans a line break within this line's content
        self.stack_at_start = []  # open brackets at the line's start: (char, opened at end of its line)


def analyse(src):
    toks = lex(src)
    sig = significant(toks)
    generic = generic_spans(sig) | unbreakable_parens(sig)  # no breaks in there
    sig_index = {id(t): k for k, t in enumerate(sig)}
    line_starts = [0] + [k + 1 for k, ch in enumerate(src) if ch == "\n"]
    infos = [LineInfo() for _ in line_starts]
    line_of = []  # per token: line index of start
    ln = 0
    stack = []
    # bracket tokens that end their line (only whitespace/comments after them)
    last_on_line = set()
    for k, t in enumerate(toks):
        if t.kind == "punct" and t.text in OPEN:
            j = k + 1
            while j < len(toks) and toks[j].kind in ("ws", "comment"):
                j += 1
            if j >= len(toks) or toks[j].kind == "nl":
                last_on_line.add(k)
    for k, t in enumerate(toks):
        while ln + 1 < len(line_starts) and line_starts[ln + 1] <= t.start:
            ln += 1
            infos[ln].stack_at_start = list(stack)
        line_of.append(ln)
        infos[ln].toks.append(t)
        if t.kind != "nl" and "\n" in t.text:
            end_ln = ln + t.text.count("\n")
            for x in range(ln, min(end_ln + 1, len(infos))):
                infos[x].multi = True
        if t.kind == "punct" and id(t) in sig_index and sig_index[id(t)] not in generic:
            if t.text in OPEN:
                stack.append((t.text, k in last_on_line))
            elif t.text in CLOSE and stack:
                stack.pop()
    return toks, sig, sig_index, generic, infos, line_starts


class Candidate:
    """A place to break the line: head is text[:head_end] (+ head_add), the next line starts at tail_start
    (with tail_add prepended); cost ranks the break."""

    def __init__(self, head_end, tail_start, cost, head_add="", tail_add="", string_tok=None, sibling=False):
        self.head_end, self.tail_start, self.cost = head_end, tail_start, cost
        self.sibling = sibling  # a comma at (or above) the bracket depth the line starts at
        self.head_add, self.tail_add = head_add, tail_add
        self.string_tok = string_tok


def string_split_points(t, col0):
    """Positions (columns in the line) inside string token t where it may be split, with an extra cost."""
    pts = []
    body = t.text
    base = t.start
    for kind, s, e in t.parts:
        if kind != "text":
            continue
        k = s
        while k < e:
            ch = body[k - base]
            if ch == "\\":
                nxt = body[k - base + 1] if k - base + 1 < len(body) else ""
                size = {"x": 0, "u": 6, "U": 10}.get(nxt, 2)
                if nxt == "x":
                    size = 2
                    while size < 6 and k - base + size < len(body) and body[k - base + size] in HEX_DIGITS:
                        size += 1
                k += size
                if k < e and k > t.body_start:
                    pts.append((k - col0, 40))
                continue
            if t.skind == "interp" and body[k - base:k - base + 2] in ("{{", "}}"):
                k += 2
                continue
            k += 1
            if k >= e:
                break
            if ch == " ":
                # Between phrases ("a, b") rather than inside one.
                pts.append((k - col0, 0 if k - base >= 2 and body[k - base - 2] in ",;:.)" else 3))
            elif ch in ",;/|-=&:.":
                pts.append((k - col0, 40))
        # split at a hole boundary
    for idx, (kind, s, e) in enumerate(t.parts):
        if kind == "hole" and idx + 1 < len(t.parts):
            pts.append((e - col0, 40))
        if kind == "hole" and idx > 0 and s > t.body_start:
            pts.append((s - col0, 40))
    # not at the very start or end of the body
    return [(p, c) for p, c in pts if t.body_start - col0 < p < t.body_end - col0]


def opening_bracket(sig, k):
    """Index of the unclosed '(', '[' or '{' that holds significant token k (None at a ';' or the start first)."""
    depth = 0
    for j in range(k - 1, -1, -1):
        t = sig[j].text
        if t in (")", "]", "}"):
            depth += 1
        elif t in ("(", "[", "{"):
            if depth == 0:
                return j
            depth -= 1
        elif t == ";":
            return None
    return None


def enclosing_call(sig, k):
    """The name before the '(' that holds significant token k ('' if none)."""
    j = opening_bracket(sig, k)
    return sig[j - 1].text if j is not None and j > 0 and sig[j].text == "(" else ""


def in_attribute(sig, k):
    """Whether significant token k is inside an attribute's brackets ([Foo(...)])."""
    j = opening_bracket(sig, k)
    while j is not None and sig[j].text != "[":
        j = opening_bracket(sig, j)
    if j is None:
        return False
    before = sig[j - 1].text if j > 0 else ";"
    return before in (";", "{", "}", "]", "(", ",") and (j + 1 < len(sig) and sig[j + 1].kind == "word")


def candidates(line, info, sig, sig_index, generic, col0):
    """Break candidates of one code line; col0 is the file offset of the line's first character."""
    toks = [t for t in info.toks if t.kind != "nl"]
    out = []
    first = next(t.text for t in toks if t.kind not in ("ws", "comment", "pp"))
    stack = info.stack_at_start
    # A line inside a list (arguments, parameters, a collection, an initializer) is one of its items: the next
    # item keeps its indentation. A declaration or statement continues 4 further.
    in_list = bool(stack) and (stack[-1][0] in "([" or first not in DECLARATION_WORDS)
    # Bracket depth before each token, relative to the shallowest point of the line. A break inside braces
    # opened on the line (an initializer, a lambda's body) is a last resort: dotnet format would expand them.
    depth = 0
    braces = 0
    depths = []
    inside = {}
    for t in toks:
        bracket = t.kind == "punct" and sig_index.get(id(t)) not in generic
        if bracket and t.text in CLOSE:
            depth -= 1
            if t.text == "}":
                braces = max(0, braces - 1)
        depths.append(depth)
        inside[id(t)] = braces > 0
        if bracket and t.text in OPEN:
            depth += 1
            if t.text == "{":
                braces += 1
    base = min(depths + [0])
    code = [(t, d - base) for t, d in zip(toks, depths) if t.kind not in ("ws", "comment", "pp")]
    balanced = depth == 0  # the line closes every bracket it opens, and no other
    ternary_depths = {d for n, (t, d) in enumerate(code) if t.text == "?" and 0 < n < len(code) - 1
                      and line[t.start - col0 - 1:t.start - col0] == " "}
    opens = []  # indices into code of the '(' still open
    for n, (t, d) in enumerate(code):
        k = sig_index.get(id(t))
        if k is None or k in generic:
            continue
        if t.text == "(":
            opens.append(n)
        elif t.text == ")" and opens:
            o = opens.pop()
            # 'if (...) statement;': break before the statement.
            if o > 0 and code[o - 1][0].text in HEADERS and n + 1 < len(code) \
                    and code[n + 1][0].text not in ("{", ";", ")", "?", ":", "."):
                out.append(Candidate(t.end - col0, code[n + 1][0].start - col0, 10 * d - 5))
        prev = code[n - 1][0] if n > 0 else None
        nxt = code[n + 1][0] if n + 1 < len(code) else None
        s, e = t.start - col0, t.end - col0
        spaced_before = s > 0 and line[s - 1] == " "
        spaced_after = e < len(line) and line[e] == " "
        if t.kind == "punct" and nxt is not None and prev is not None:
            if t.text in BREAK_AFTER and spaced_after and (t.text == "," or spaced_before) \
                    and (t.text in (",", "=>") or balanced):  # 'x =' ends a line only where the statement does
                out.append(Candidate(e, nxt.start - col0, 10 * d + BREAK_AFTER[t.text],
                                     sibling=t.text == "," and (d + base < 0 or d + base == 0 and in_list)))
            elif t.text in BREAK_BEFORE and spaced_before and spaced_after:
                if t.text in ("+", "-") and prev.kind == "string":
                    out.append(Candidate(e, nxt.start - col0, 10 * d + 2))  # a literal's '+' ends the line
                else:
                    cost = 10 * d + BREAK_BEFORE[t.text]
                    if t.text == ":" and prev.text == ")":
                        cost -= 5  # a base list after a primary constructor; a conditional's "f(x) : g(y)"
                    if t.text not in ("?", ":") and d in ternary_depths:
                        cost += 6  # 'c ? a : b - 1': break at the conditional, not inside one of its operands
                    # In a chain ('a' / '&& b' / '&& c') the next operand keeps the line's indentation.
                    out.append(Candidate(prev.end - col0, s, cost,
                                         sibling=d + base <= 0 and code[0][0].text == t.text))
            elif t.text in ("(", "[") and nxt.text not in (")", "]") and not spaced_after \
                    and prev.text not in NO_BREAK_AFTER_PAREN:
                out.append(Candidate(e, nxt.start - col0, 10 * d + 12))
            elif t.text in (".", "?.") and prev.text in (")", "]") and not spaced_before:
                out.append(Candidate(s, s, 10 * d + 8))
        if t.kind == "word" and t.text in ("or", "and", "when") and prev is not None and nxt is not None \
                and prev.text not in (".", "?.") and spaced_before and spaced_after:
            cost = 10 * d + 2 + (6 if d in ternary_depths else 0)
            out.append(Candidate(prev.end - col0, s, cost))  # pattern combinators, exception filters
        if t.kind == "string" and t.skind in ("regular", "interp") and "\n" not in t.text:
            before = sig[k - 1].text if k > 0 else ""
            after = sig[k + 1].text if k + 1 < len(sig) else ""
            before_ok = before in STRING_PREV_OK or before == "return"
            # An interpolated string a FormattableString parameter takes ('MarkupLineInterpolated',
            # 'FormattableString.Invariant') must stay one literal: '+' would make it a string.
            formattable = t.skind == "interp" and (in_attribute(sig, k) or enclosing_call(sig, k).endswith(
                "Interpolated") or enclosing_call(sig, k) in ("Invariant", "CurrentCulture", "FormattableString"))
            if before_ok and after in STRING_NEXT_OK and not formattable:
                quote = '$"' if t.skind == "interp" else '"'
                # A line of concatenated literals keeps its indentation for the next part.
                sibling = d + base <= 0 and code[0][0].kind == "string"
                for p, c in string_split_points(t, col0):
                    out.append(Candidate(p, p, 150 + c + 10 * d, head_add='" +', tail_add=quote, string_tok=t,
                                         sibling=sibling))
    for c in out:
        assert not line[c.head_end:c.tail_start].strip(), (line, c.head_end, c.tail_start)
        at = next((t for t in toks if t.start - col0 >= c.tail_start), None)
        if at is not None and inside.get(id(at)) or c.string_tok is not None and inside.get(id(c.string_tok)):
            c.cost += 1000
    return out


def plan_breaks(line, cands, indent, width):
    """Chooses the breaks of least total cost; returns (cost, new lines), or None where none fit.
    Continuation lines are indented 4 more than the line, except after a comma at (or above) the bracket depth
    the line starts at: the next item of the same list keeps the line's indentation."""
    cands = sorted(cands, key=lambda c: c.head_end)
    memo = {}

    def best(start, lead):
        # The rest of the line from 'start' on, after 'lead' (the indentation, and '"' or '$"' where a
        # literal was split).
        key = (start, lead)
        if key in memo:
            return memo[key]
        if len(lead) + len(line) - start <= width:
            memo[key] = (100, [lead + line[start:]])
            return memo[key]
        result = None
        for c in cands:
            if c.head_end <= start or c.tail_start <= start:
                continue
            head = lead + line[start:c.head_end] + c.head_add
            if len(head) > width:
                break
            if not line[start:c.head_end].strip() or not line[c.tail_start:].strip():
                continue
            tail_indent = indent if c.sibling else indent + 4
            sub = best(c.tail_start, " " * tail_indent + c.tail_add)
            if sub is None:
                continue
            # Each line costs 100, each break its own cost, and each character a head leaves unused 0.05.
            option = (sub[0] + 100 + c.cost + 0.05 * (width - len(head)), [head] + sub[1])
            if result is None or option[0] < result[0]:
                result = option
        memo[key] = result
        return result

    return best(0, "")


def squash(text):
    return re.sub(r"\s+", "", text)


def check_same(line, new, i, added_commas=0):
    """Safety net: apart from whitespace, wrapping may only add '" + "' (or '" + $"') where a literal was split
    and, where an initializer was expanded, its trailing comma."""
    before = squash(line)
    after = squash("".join(new))
    splits = after.count('"+$"') + after.count('"+"') - before.count('"+$"') - before.count('"+"')
    same = after.replace('"+$"', "").replace('"+"', "") == before.replace('"+$"', "").replace('"+"', "")
    if added_commas:
        same = after.replace(",}", "}", added_commas) == before
    if not same or splits < 0:
        raise SystemExit(f"internal error: wrapping changed line {i + 1}:\n{line}\n" + "\n".join(new))


NOT_INITIALIZER_OWNERS = {"=>", "=", "else", "try", "finally", "do", "switch", "get", "set", "init", "add", "remove",
                          "checked", "unchecked", "unsafe", "lock", "fixed"}


def initializer_braces(code, sig_index, generic):
    """(open, close, depth) for each one-line initializer on a line: a brace pair after 'new T(...)', 'new()',
    'new[]', 'new T' or 'with', holding no statement. Indices are into code (the line's significant tokens);
    inner pairs come before the pairs holding them."""
    found = []
    stack = []
    for n, t in enumerate(code):
        if sig_index.get(id(t)) in generic or t.kind != "punct":
            continue
        if t.text in OPEN:
            stack.append(n)
        elif t.text in CLOSE and stack:
            o = stack.pop()
            if t.text != "}" or code[o].text != "{" or o == 0:
                continue
            owner = code[o - 1]
            if not (owner.text in (")", "]", ">") or owner.kind == "word") or owner.text in NOT_INITIALIZER_OWNERS:
                continue
            if any(u.text == ";" for u in code[o + 1:n]):
                continue  # a statement block
            found.append((o, n, len(stack)))
    return found


def expand_initializer(src, line, code, sig_index, generic, col0, o, c):
    """The line with the brace pair code[o]..code[c] expanded: '{' and '}' on lines of their own at the line's
    indentation (where dotnet format puts them), and between them one member per line (object initializers) or
    all items on one line (collection initializers), each list ending in a comma."""
    members = []
    depth = 0
    start = code[o].end
    object_init = False
    for t in code[o + 1:c]:
        if sig_index.get(id(t)) in generic:
            continue
        if t.text in OPEN:
            depth += 1
        elif t.text in CLOSE:
            depth -= 1
        elif depth == 0 and t.text == ",":
            members.append(src[start:t.start].strip())
            start = t.end
        elif depth == 0 and t.text == "=":
            object_init = True
    last = src[start:code[c].start].strip()
    had_comma = not last
    if last:
        members.append(last)
    if not members:
        return None, 0
    indent = " " * (len(line) - len(line.lstrip(" ")))
    head = line[:code[o].start - col0].rstrip()
    body = [m + "," for m in members] if object_init else [", ".join(members) + ","]
    new = [head, indent + "{"] + [indent + "    " + b for b in body] + [indent + line[code[c].start - col0:]]
    return new, 0 if had_comma else 1


def expand_initializers(src, width):
    """A long statement line ending in a one-line initializer ('var x = new T(...) { A = 1, B = 2 };') or a 'with'
    ('x with { A = 1 });') gets the house's multi-line form (see expand_initializer). Likewise a long
    'if (...) { a; b; }' gets its block on lines of its own."""
    toks, sig, sig_index, generic, infos, line_starts = analyse(src)
    lines = src.split("\n")
    out = []
    for i, line in enumerate(lines):
        new = None
        info = infos[i]
        code = [t for t in info.toks if t.kind not in ("ws", "nl", "comment", "pp")]
        if len(line) > width and code and not info.multi and code[-1].text == ";":
            first = sig_index[id(code[0])]
            statement_start = first == 0 or sig[first - 1].text in (";", "{", "}")
            pairs = initializer_braces(code, sig_index, generic)
            if pairs:
                o, c, _ = pairs[-1]
                big_with = code[o - 1].text == "with" and code[c].end - code[o].start >= 40
                if all(t.text == ")" for t in code[c + 1:-1]) and (
                        statement_start and c == len(code) - 2 or big_with):
                    new, added = expand_initializer(src, line, code, sig_index, generic, line_starts[i], o, c)
                    if new:
                        check_same(line, new, i, added_commas=added)
        if new is None and len(line) > width and code and not info.multi and code[-1].text == "}":
            new = expand_block(src, line, code, sig_index, generic, line_starts[i])
            if new:
                check_same(line, new, i)
        out.extend(new or [line])
    return "\n".join(out)


def expand_block(src, line, code, sig_index, generic, col0):
    """'if (...) { a; b; }' on one long line: the block gets lines of its own, one statement per line."""
    depth = 0
    open_at = None
    for n in range(len(code) - 1, -1, -1):
        t = code[n]
        if sig_index[id(t)] in generic:
            continue
        if t.text in CLOSE:
            depth += 1
        elif t.text in OPEN:
            depth -= 1
            if depth == 0:
                open_at = n
                break
    if not open_at or code[open_at].text != "{":
        return None
    before = code[open_at - 1]
    if before.text == ")":
        depth = 0
        header = None
        for n in range(open_at - 1, -1, -1):
            if code[n].text == ")":
                depth += 1
            elif code[n].text == "(":
                depth -= 1
                if depth == 0:
                    header = code[n - 1].text if n > 0 else None
                    break
        if header not in HEADERS:
            return None
    elif before.text not in ("else", "try", "finally", "do"):
        return None
    statements = []
    depth = 0
    start = code[open_at].end
    for t in code[open_at + 1:-1]:
        if sig_index[id(t)] in generic:
            continue
        if t.text in OPEN:
            depth += 1
        elif t.text in CLOSE:
            depth -= 1
        elif depth == 0 and t.text == ";":
            statements.append(src[start:t.end].strip())
            start = t.end
    if not statements or src[start:code[-1].start].strip():
        return None
    indent = " " * (len(line) - len(line.lstrip(" ")))
    head = line[:code[open_at].start - col0].rstrip()
    return [head, indent + "{"] + [indent + "    " + st for st in statements] + [indent + "}"]


def wrap_line(an, i, width):
    """(cost, new lines) for line i of an analysed source (see analyse_lines), or None where it cannot be wrapped."""
    toks, sig, sig_index, generic, infos, line_starts, lines = an
    line = lines[i]
    info = infos[i]
    if info.multi or not any(t.kind not in ("ws", "nl", "comment", "pp") for t in info.toks):
        return None
    indent = len(line) - len(line.lstrip(" "))
    cands = candidates(line, info, sig, sig_index, generic, line_starts[i])
    plan = plan_breaks(line, cands, indent, width)
    if plan:
        check_same(line, plan[1], i)
    return plan


def bracket_depth(info, col0, upto, sig_index, generic):
    """Bracket depth at column 'upto' of a line, relative to its start."""
    depth = 0
    for t in info.toks:
        if t.start - col0 >= upto:
            break
        if t.kind == "punct" and sig_index.get(id(t)) not in generic:
            if t.text in OPEN:
                depth += 1
            elif t.text in CLOSE:
                depth -= 1
    return depth


def carry_into_next(an, i, new, width):
    """Where the last piece of a wrapped line is a short item of a list that the next line continues, joins it to
    the next line ('f(a, b,' + 'c,' + 'd, e)' -> 'f(a, b,' + 'c, d, e)') and wraps that line again, so a lone
    item does not get a line of its own. Returns the lines replacing lines i and i + 1, or None."""
    toks, sig, sig_index, generic, infos, line_starts, lines = an
    if i + 1 >= len(lines) or len(new) < 2:
        return None
    line, nxt, tail = lines[i], lines[i + 1], new[-1].lstrip(" ")
    info, ninfo = infos[i], infos[i + 1]
    code = [t for t in info.toks if t.kind not in ("ws", "nl")]
    ncode = [t for t in ninfo.toks if t.kind not in ("ws", "nl")]
    if not code or not ncode or code[-1].text != "," or ninfo.multi or info.multi \
            or any(t.kind in ("comment", "pp") for t in ncode) or ncode[0].text in CLOSE \
            or len(tail) > width // 2 or not line.endswith(tail) or not line[:-len(tail)].rstrip().endswith(","):
        return None
    col0 = line_starts[i]
    if bracket_depth(info, col0, len(line) - len(tail), sig_index, generic) != \
            bracket_depth(info, col0, len(line), sig_index, generic):
        return None  # the last piece is not an item of the list the line ends in
    # The joined line keeps the next line's indentation.
    merged = nxt[:len(nxt) - len(nxt.lstrip(" "))] + tail + " " + nxt.lstrip(" ")
    if len(merged) <= width:
        result = [merged]
    else:
        trial = lines[:i] + new[:-1] + [merged] + lines[i + 2:]
        plan = wrap_line(analyse_lines(trial), i + len(new) - 1, width)
        result = plan and plan[1]
    if not result:
        return None
    plan = wrap_line(an, i + 1, width) if len(nxt) > width else None
    alone = len(plan[1]) if plan else 1
    if len(result) > alone:
        return None
    return new[:-1] + result


def analyse_lines(lines):
    return analyse("\n".join(lines)) + (lines,)


def wrap_code(src, width):
    """Breaks long code lines; returns (new text, line numbers left over)."""
    lines = src.split("\n")
    left = []
    an = None
    i = 0
    while i < len(lines):
        if len(lines[i]) <= width:
            i += 1
            continue
        if an is None:
            an = analyse_lines(lines)
        plan = wrap_line(an, i, width)
        if plan is None:
            left.append(i + 1)
            i += 1
            continue
        cost, new = plan
        if cost >= 1000:
            # Only a break inside braces fits: expand the outermost initializer instead, as dotnet format would
            # once it is broken, and wrap the resulting lines.
            toks, sig, sig_index, generic, infos, line_starts, _ = an
            code = [t for t in infos[i].toks if t.kind not in ("ws", "nl", "comment", "pp")]
            pairs = initializer_braces(code, sig_index, generic)
            if pairs:
                o, c, _ = min(pairs, key=lambda p: (p[2], p[0] - p[1]))
                exp, added = expand_initializer("\n".join(lines), lines[i], code, sig_index, generic,
                                                line_starts[i], o, c)
                if exp:
                    check_same(lines[i], exp, i, added_commas=added)
                    lines[i:i + 1] = exp
                    an = None
                    continue
        carried = carry_into_next(an, i, new, width)
        if carried:
            lines[i:i + 2] = carried
            i += len(carried)
        else:
            lines[i:i + 1] = new
            i += len(new)
        an = None
    return "\n".join(lines), left


def move_trailing_comments(src, width):
    """A long code line ending in a '//' comment: the comment goes on its own line above."""
    toks, sig, sig_index, generic, infos, line_starts = analyse(src)
    lines = src.split("\n")
    out = []
    for i, line in enumerate(lines):
        info = infos[i]
        if len(line) > width and not info.multi:
            code = [t for t in info.toks if t.kind not in ("ws", "nl", "comment")]
            last = [t for t in info.toks if t.kind not in ("ws", "nl")]
            if code and last and last[-1].kind == "comment" and last[-1].text.startswith("//") \
                    and last[-1].start > code[-1].start:
                indent = line[:len(line) - len(line.lstrip(" "))]
                cut = last[-1].start - line_starts[i]
                out.append(indent + last[-1].text)
                out.append(line[:cut].rstrip())
                continue
        out.append(line)
    return "\n".join(out)


def wrap_file(path, width):
    with open(path, encoding="utf-8") as f:
        original = f.read()
    bom = original.startswith("\ufeff")
    src = original[1:] if bom else original
    if all(len(ln) <= width for ln in src.split("\n")):
        return []
    src = move_trailing_comments(src, width)
    _, _, _, _, infos, _ = analyse(src)
    lines = src.split("\n")
    code_lines = {i for i, info in enumerate(infos)
                  if any(t.kind not in ("ws", "nl", "comment") for t in info.toks) or info.multi}
    src = "\n".join(wrap_comments(lines, width, code_lines))
    src = expand_initializers(src, width)
    src, left = wrap_code(src, width)
    result = ("\ufeff" if bom else "") + src
    if result != original:
        with open(path, "w", encoding="utf-8", newline="") as f:
            f.write(result)
    return left


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--width", type=int, default=WIDTH)
    ap.add_argument("--check", action="store_true", help="only list lines over the limit")
    ap.add_argument("files", nargs="*")
    args = ap.parse_args()
    files = args.files or subprocess.check_output(["git", "ls-files", "*.cs"], text=True).split()
    bad = 0
    for path in files:
        if not args.check:
            wrap_file(path, args.width)
        with open(path, encoding="utf-8-sig") as f:
            for n, line in enumerate(f.read().split("\n"), 1):
                if len(line) > args.width:
                    print(f"{path}:{n}: {len(line)}")
                    bad += 1
    if bad:
        print(f"{bad} line(s) over {args.width} characters", file=sys.stderr)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
