"""Static HTML for a notebook's stored widget state and outputs: no network, no widget manager.

nbconvert's own widget embedding loads ``@jupyter-widgets/html-manager`` from a CDN; the course
site must open offline, so this walks ``metadata.widgets`` and writes plain HTML for the stock
views the lessons use, in their initial (stored) state. Learner-facing values are escaped; the
``value`` of an ``HTML`` widget is markup the course's own views built (already escaped there).
"""

from __future__ import annotations

import base64
import html
import json
import re
from dataclasses import dataclass, field

WIDGET_STATE_MIME = "application/vnd.jupyter.widget-state+json"
WIDGET_VIEW_MIME = "application/vnd.jupyter.widget-view+json"
PLOTLY_MIME = "application/vnd.plotly.v1+json"
MAX_DEPTH = 60
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
_REF = "IPY_MODEL_"


def _e(value) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def _script_json(value) -> str:
    """JSON safe inside ``<script>``: no ``</script>``, no ``<!--``, ASCII only."""
    text = json.dumps(value, ensure_ascii=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


@dataclass
class Renderer:
    """Renders outputs and widget views of one notebook; counts the charts it wrote."""

    state: dict = field(default_factory=dict)
    charts: int = 0
    _ids: int = 0

    @classmethod
    def for_notebook(cls, nb: dict) -> "Renderer":
        widgets = ((nb.get("metadata") or {}).get("widgets") or {}).get(WIDGET_STATE_MIME) or {}
        state = widgets.get("state") if isinstance(widgets, dict) else None
        return cls(state=state if isinstance(state, dict) else {})

    # -- outputs -------------------------------------------------------------------------

    def outputs(self, outputs: list) -> str:
        return "".join(self.output(o) for o in outputs or [] if isinstance(o, dict))

    def output(self, out: dict) -> str:
        kind = out.get("output_type")
        if kind == "stream":
            return f'<pre class="sll-stream">{_e(_text(out.get("text")))}</pre>'
        if kind == "error":
            trace = _ANSI.sub("", "\n".join(out.get("traceback") or []))
            return f'<pre class="sll-error">{_e(trace or out.get("ename", "Error"))}</pre>'
        if kind in ("execute_result", "display_data"):
            return self.bundle(out.get("data") or {})
        return ""

    def bundle(self, data: dict) -> str:
        view = data.get(WIDGET_VIEW_MIME)
        if isinstance(view, dict) and view.get("model_id") in self.state:
            return f'<div class="sll-widget-area">{self.widget(view["model_id"], 0)}</div>'
        if PLOTLY_MIME in data:
            return self.chart(data[PLOTLY_MIME], _text(data.get("text/plain")))
        if "text/html" in data:
            return f'<div class="sll-html-output">{_text(data["text/html"])}</div>'
        if "image/svg+xml" in data:
            return f'<div class="sll-image">{_text(data["image/svg+xml"])}</div>'
        for mime in ("image/png", "image/jpeg"):
            if mime in data:
                payload = "".join(_text(data[mime]).split())
                base64.b64decode(payload, validate=True)  # never write a src that is not image bytes
                return f'<img class="sll-image" alt="" src="data:{mime};base64,{payload}">'
        if "text/markdown" in data:
            return markdown_html(_text(data["text/markdown"]))
        if "text/plain" in data and WIDGET_VIEW_MIME not in data:
            return f'<pre class="sll-text-output">{_e(_text(data["text/plain"]))}</pre>'
        return ""

    def chart(self, figure: dict, alt: str) -> str:
        """A plotly chart drawn by the local ``plotly.min.js``, with its text alternative shown."""
        self.charts += 1
        ident = f"sll-chart-{self.charts}"
        fig = figure if isinstance(figure, dict) else {}
        spec = {"data": fig.get("data", []), "layout": fig.get("layout", {}),
                "config": {**(fig.get("config") or {}), "displayModeBar": False, "responsive": True}}
        label = alt or "Chart"
        return (f'<figure class="sll-chart"><div id="{ident}" class="sll-chart-plot" role="img" '
                f'aria-label="{_e(label)}"></div>'
                f'<figcaption class="sll-chart-alt">{_e(label)}</figcaption>'
                f'<script>(function(){{var f={_script_json(spec)};'
                f'Plotly.newPlot("{ident}",f.data,f.layout,f.config);}})();</script></figure>')

    # -- widgets -------------------------------------------------------------------------

    def _model(self, ref) -> dict | None:
        if not isinstance(ref, str):
            return None
        model = self.state.get(ref.removeprefix(_REF))
        return model if isinstance(model, dict) else None

    def _next_id(self) -> str:
        self._ids += 1
        return f"sll-w{self._ids}"

    def widget(self, ref: str, depth: int) -> str:
        model = self._model(ref)
        if model is None or depth > MAX_DEPTH:
            return ""
        name = str(model.get("model_name", ""))
        s = model.get("state") or {}
        if not isinstance(s, dict):
            return ""
        layout = (self._model(s.get("layout")) or {}).get("state") or {}
        classes = ["sll-static-widget", f"widget-{_kebab(name.removesuffix('Model'))}"]
        classes += [c for c in s.get("_dom_classes") or [] if isinstance(c, str)]
        attrs = f'class="{_e(" ".join(classes))}"'
        if layout.get("display") == "none" or layout.get("visibility") == "hidden":
            attrs += " hidden"
        tip = s.get("tooltip")
        inner = self._inner(name, s, depth)
        if inner is None:
            return ""
        return f"<div {attrs}{_title(tip)}>{inner}</div>"

    def _inner(self, name: str, s: dict, depth: int) -> str | None:
        desc = s.get("description") or ""
        if name in ("VBoxModel", "HBoxModel", "BoxModel", "GridBoxModel"):
            direction = "row" if name == "HBoxModel" else "column"
            kids = "".join(self.widget(c, depth + 1) for c in s.get("children") or [])
            return f'<div class="sll-box sll-box-{direction}">{kids}</div>'
        if name in ("AccordionModel", "TabModel", "StackModel"):
            titles = list(s.get("titles") or [])
            parts = []
            for i, child in enumerate(s.get("children") or []):
                title = titles[i] if i < len(titles) and titles[i] else f"Part {i + 1}"
                opened = " open" if s.get("selected_index") == i or name == "TabModel" else ""
                parts.append(f"<details{opened}><summary>{_e(title)}</summary>{self.widget(child, depth + 1)}</details>")
            return "".join(parts)
        if name in ("HTMLModel", "HTMLMathModel"):
            return f'{_label(desc)}<div class="sll-html">{s.get("value") or ""}</div>'
        if name == "LabelModel":
            return f'<span class="sll-label">{_e(s.get("value"))}</span>'
        if name == "ButtonModel":
            return (f'<button type="button" class="sll-static-button" disabled{_title(s.get("tooltip"))}>'
                    f'{_e(desc or s.get("tooltip") or "Button")}</button>')
        if name in ("TextareaModel", "TextModel", "ComboboxModel", "PasswordModel"):
            ident = self._next_id()
            value = "" if name == "PasswordModel" else s.get("value")
            label_text = desc or s.get("placeholder") or "Your answer"
            placeholder = f' placeholder="{_e(s.get("placeholder"))}"' if s.get("placeholder") else ""
            if name == "TextareaModel":
                rows = s.get("rows") if isinstance(s.get("rows"), int) else 3
                field_html = (f'<textarea id="{ident}" rows="{rows}" readonly{placeholder}'
                              f'{_aria(desc, label_text)}>{_e(value)}</textarea>')
            else:
                field_html = f'<input id="{ident}" type="text" readonly value="{_e(value)}"{placeholder}{_aria(desc, label_text)}>'
            return _label(desc, ident) + field_html
        if name in ("DropdownModel", "SelectModel"):
            ident = self._next_id()
            index = s.get("index")
            opts = "".join(f'<option{" selected" if i == index else ""}>{_e(o)}</option>'
                           for i, o in enumerate(s.get("_options_labels") or []))
            if index is None:
                opts = '<option selected>(choose)</option>' + opts
            return f'{_label(desc, ident)}<select id="{ident}" disabled{_aria(desc, "Choose one")}>{opts}</select>'
        if name in ("RadioButtonsModel", "ToggleButtonsModel", "SelectMultipleModel"):
            group = self._next_id()
            index = s.get("index")
            chosen = set(index) if isinstance(index, (list, tuple)) else {index}
            kind = "checkbox" if name == "SelectMultipleModel" else "radio"
            items = "".join(
                f'<label class="sll-option"><input type="{kind}" name="{group}" disabled'
                f'{" checked" if i in chosen else ""}> {_e(o)}</label>'
                for i, o in enumerate(s.get("_options_labels") or []))
            legend = f"<legend>{_e(desc)}</legend>" if desc else f'<legend class="sll-visually-hidden">Options</legend>'
            return f'<fieldset class="sll-options">{legend}{items}</fieldset>'
        if name == "ToggleButtonModel" and "sll-meter-toggle" in (s.get("_dom_classes") or ()):
            return ""  # the voice meter's "Show every signal": a static page has no list to open
        if name in ("CheckboxModel", "ToggleButtonModel"):
            checked = " checked" if s.get("value") else ""
            return f'<label class="sll-option"><input type="checkbox" disabled{checked}> {_e(desc or "Done")}</label>'
        if name.endswith("SliderModel") or name in ("IntTextModel", "FloatTextModel", "BoundedIntTextModel",
                                                     "BoundedFloatTextModel"):
            return f'<span class="sll-value">{_label(desc)} {_e(s.get("value"))}</span>'
        if name in ("IntProgressModel", "FloatProgressModel"):
            return (f'{_label(desc)}<progress value="{_e(s.get("value"))}" max="{_e(s.get("max"))}"'
                    f'{_aria(desc, "Progress")}></progress>')
        if name == "OutputModel":
            return f'<div class="sll-output">{self.outputs(s.get("outputs") or [])}</div>'
        if name.endswith("StyleModel") or name == "LayoutModel":
            return None
        return f'<span class="sll-unknown-widget">{_e(desc)}</span>' if desc else ""


def markdown_html(source: str) -> str:
    """Markdown cell text as HTML (mistune, which nbconvert installs), tables and strikethrough on."""
    import mistune

    global _MARKDOWN
    if _MARKDOWN is None:
        _MARKDOWN = mistune.create_markdown(escape=False, plugins=["table", "strikethrough"])
    return _MARKDOWN(source)


_MARKDOWN = None


def _text(value) -> str:
    if isinstance(value, list):
        return "".join(str(v) for v in value)
    return "" if value is None else str(value)


def _kebab(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "-", name).lower()


def _title(tip) -> str:
    return f' title="{_e(tip)}"' if isinstance(tip, str) and tip else ""


def _label(desc: str, target: str | None = None) -> str:
    if not desc:
        return ""
    for_attr = f' for="{target}"' if target else ""
    return f'<label class="sll-description"{for_attr}>{_e(desc)}</label>'


def _aria(desc: str, fallback: str) -> str:
    return "" if desc else f' aria-label="{_e(fallback)}"'
