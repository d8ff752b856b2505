// The lesson code editor: CodeMirror 6, bundled by esbuild into one ES module (`cargo xtask
// build` writes it to dist/editor-<hash>.js). A page imports it only when the reader starts
// editing; until then the prerendered code view (src/components/code.rs) shows the code.
//
// It takes the place of that view without moving a pixel: the layout below uses the custom
// properties style/main.css sets on `.code-view` (font, size, line height, paddings, gutter
// width), and the syntax colours are the same `tok-*` classes the build-time highlighter uses.
//
// CodeMirror's reference manual: https://codemirror.net/docs/ref/

import { EditorState, StateEffect, StateField, RangeSetBuilder, RangeSet, Prec } from "@codemirror/state";
import { EditorView, Decoration, GutterMarker, ViewPlugin, WidgetType, gutterLineClass, keymap, lineNumbers } from "@codemirror/view";
import { defaultKeymap, history, historyKeymap } from "@codemirror/commands";
import { HighlightStyle, LanguageSupport, bracketMatching, forceParsing, indentOnInput, indentUnit, syntaxHighlighting, syntaxTree } from "@codemirror/language";
import { javascriptLanguage, typescriptLanguage } from "@codemirror/lang-javascript";
import { styleTags, tags as t } from "@lezer/highlight";

// Where the grammar's default tags (in @lezer/javascript) name a thing differently from the
// build-time highlighter, these say it the highlighter's way, so no colour changes on mount.
const sameAsTheCodeView = styleTags({
  // A method's name is a function's name.
  "MethodDeclaration/PropertyDefinition": t.function(t.definition(t.propertyName)),
  "CallExpression/MemberExpression/PrivatePropertyName": t.function(t.propertyName),
  // Parameters are plain names; only declarations' names are definitions.
  "ParamList/VariableDefinition ArrowFunction/VariableDefinition CatchClause/VariableDefinition": t.variableName,
  // Type arguments' angle brackets are brackets; a type parameter is a type.
  "TypeArgList/< TypeArgList/> TypeParamList/< TypeParamList/>": t.angleBracket,
  "TypeParamList/TypeDefinition": t.typeName,
});

const languages = {
  ts: new LanguageSupport(typescriptLanguage.configure({ props: [sameAsTheCodeView] })),
  js: new LanguageSupport(javascriptLanguage.configure({ props: [sameAsTheCodeView] })),
};

// The grammar's tags, as the build-time highlighter's classes (course/src/highlight.rs, Kind).
const tokenClasses = HighlightStyle.define([
  { tag: [t.keyword, t.controlKeyword, t.operatorKeyword, t.definitionKeyword, t.moduleKeyword, t.modifier, t.self, t.atom], class: "tok-kw" },
  { tag: [t.bool, t.null], class: "tok-lit" },
  { tag: [t.string, t.special(t.string), t.escape], class: "tok-str" },
  { tag: t.number, class: "tok-num" },
  { tag: [t.lineComment, t.blockComment], class: "tok-com" },
  { tag: t.regexp, class: "tok-re" },
  { tag: [t.typeName, t.className], class: "tok-type" },
  { tag: [t.function(t.variableName), t.function(t.propertyName), t.function(t.definition(t.variableName)), t.function(t.definition(t.propertyName))], class: "tok-fn" },
  { tag: [t.propertyName, t.special(t.propertyName), t.definition(t.propertyName)], class: "tok-prop" },
  { tag: [t.definition(t.variableName), t.definition(t.typeName), t.definition(t.className)], class: "tok-def" },
  {
    tag: [t.operator, t.arithmeticOperator, t.logicOperator, t.bitwiseOperator, t.compareOperator, t.updateOperator, t.definitionOperator, t.function(t.punctuation)],
    class: "tok-op",
  },
  { tag: [t.punctuation, t.separator, t.paren, t.squareBracket, t.brace, t.angleBracket, t.derefOperator, t.special(t.brace)], class: "tok-punc" },
]);

// The code view calls a PascalCase name a type (`Math.max`, `Promise.all`) and `undefined` a
// literal; to the grammar both are plain variables. Names being called stay functions. An
// object literal's method (`{ write(chunk) {} }`) is a function to it, a property to the
// grammar.
const pascalCase = /^\p{Lu}.*\p{Ll}/u;
const typeMark = Decoration.mark({ class: "tok-type" });
const literalMark = Decoration.mark({ class: "tok-lit" });
const functionMark = Decoration.mark({ class: "tok-fn" });
const namesAsTheCodeView = ViewPlugin.fromClass(
  class {
    constructor(view) {
      this.decorations = this.build(view);
    }
    update(update) {
      if (update.docChanged || update.viewportChanged || syntaxTree(update.startState) !== syntaxTree(update.state)) {
        this.decorations = this.build(update.view);
      }
    }
    build(view) {
      const marks = new RangeSetBuilder();
      for (const { from, to } of view.visibleRanges) {
        syntaxTree(view.state).iterate({
          from,
          to,
          enter(node) {
            if (node.name === "PropertyDefinition" && node.node.parent?.name === "Property" && node.node.nextSibling?.name === "ParamList") {
              marks.add(node.from, node.to, functionMark);
              return;
            }
            if (node.name !== "VariableName") return;
            const parent = node.node.parent?.name;
            if (parent === "CallExpression" || parent === "TaggedTemplateExpression" || parent === "NewExpression") return;
            const name = view.state.doc.sliceString(node.from, node.to);
            if (name === "undefined") marks.add(node.from, node.to, literalMark);
            else if (pascalCase.test(name)) marks.add(node.from, node.to, typeMark);
          },
        });
      }
      return marks.finish();
    }
  },
  { decorations: (plugin) => plugin.decorations },
);

// Sizes and colours come from the custom properties of `.code-view` in style/main.css, which
// lays out the static view with the same ones. A theme outranks CodeMirror's base theme.
const layout = EditorView.theme({
  "&": { flex: "1 1 auto", minWidth: "0", color: "inherit", backgroundColor: "transparent", fontSize: "inherit" },
  // style/main.css draws the focus ring around the whole view.
  "&.cm-focused": { outline: "none" },
  ".cm-scroller": { fontFamily: "inherit", lineHeight: "inherit" },
  ".cm-content": { padding: "var(--code-pad-y) 0", caretColor: "var(--text)" },
  ".cm-line": { padding: "0 var(--code-pad-x) 0 var(--code-text-pad-start)" },
  ".cm-gutters": { backgroundColor: "var(--code-bg)", color: "var(--code-gutter)", border: "none" },
  ".cm-lineNumbers .cm-gutterElement": { minWidth: "0", padding: "0 var(--code-gutter-pad-end) 0 var(--code-pad-x)" },
  "&.cm-focused .cm-matchingBracket": { backgroundColor: "var(--code-bracket)", outline: "1px solid var(--border-strong)" },
  "&.cm-focused .cm-nonmatchingBracket": { backgroundColor: "var(--danger-bg)", outline: "1px solid var(--danger)" },
});

// Diagnostics: an underline on the spot, a marker on the line's number, the message in a block
// under the line, and the same words in a live region for screen readers.
const setDiagnosticsEffect = StateEffect.define();

class LineMarker extends GutterMarker {
  constructor(severity) {
    super();
    this.elementClass = `cm-diagnostic-line cm-diagnostic-line-${severity}`;
  }
  eq(other) {
    return other.elementClass === this.elementClass;
  }
}

class MessageWidget extends WidgetType {
  constructor(text, severity) {
    super();
    this.text = text;
    this.severity = severity;
  }
  eq(other) {
    return other.text === this.text && other.severity === this.severity;
  }
  toDOM() {
    const box = document.createElement("div");
    box.className = `cm-diagnostic-message cm-diagnostic-message-${this.severity}`;
    // The live region says it; read as part of the code it would be said twice.
    box.setAttribute("aria-hidden", "true");
    box.textContent = this.text;
    return box;
  }
}

const SEVERITIES = ["error", "warning", "info"];

/** `column` (1-based, counted in characters as the interpreter counts them) as an offset in
 * `text`, which CodeMirror counts in UTF-16 code units. */
function columnOffset(text, column) {
  let offset = 0;
  let n = 1;
  for (const ch of text) {
    if (n >= column) break;
    offset += ch.length;
    n++;
  }
  return offset;
}

/** What the editor shows for `list` in `state`: its decorations, line markers and sentences. */
function diagnosticsFor(state, list) {
  const doc = state.doc;
  const marks = [];
  const lines = [];
  const sentences = [];
  for (const d of list) {
    const severity = SEVERITIES.includes(d.severity) ? d.severity : "error";
    const number = Math.min(Math.max(1, Math.trunc(Number(d.line)) || 1), doc.lines);
    const line = doc.line(number);
    const column = Math.max(1, Math.trunc(Number(d.column)) || 1);
    const message = String(d.message ?? "");
    let from = line.from + columnOffset(line.text, column);
    let to = from;
    if (from < line.to) {
      to = from + String.fromCodePoint(line.text.codePointAt(from - line.from)).length;
    } else if (line.length > 0) {
      // At the end of a line (an unexpected end): mark its last character.
      to = line.to;
      from = line.to - (/[\uDC00-\uDFFF]$/.test(line.text) && line.length > 1 ? 2 : 1);
    }
    if (to > from) {
      marks.push(Decoration.mark({ class: `cm-diagnostic cm-diagnostic-${severity}`, attributes: { title: message } }).range(from, to));
    }
    marks.push(Decoration.widget({ widget: new MessageWidget(`${severity === "error" ? "Error" : severity === "warning" ? "Warning" : "Note"} at ${number}:${column}: ${message}`, severity), block: true, side: 1 }).range(line.to));
    lines.push(new LineMarker(severity).range(line.from));
    sentences.push(`Line ${number}, column ${column}: ${severity}: ${message}`);
  }
  return { marks: Decoration.set(marks, true), lines: RangeSet.of(lines, true), sentences };
}

const diagnosticsField = StateField.define({
  create: () => ({ marks: Decoration.none, lines: RangeSet.empty, sentences: [] }),
  update(value, tr) {
    for (const effect of tr.effects) {
      if (effect.is(setDiagnosticsEffect)) return diagnosticsFor(tr.state, effect.value);
    }
    if (!tr.docChanged) return value;
    return { marks: value.marks.map(tr.changes), lines: value.lines.map(tr.changes), sentences: value.sentences };
  },
  provide: (field) => [EditorView.decorations.from(field, (v) => v.marks), gutterLineClass.from(field, (v) => v.lines)],
});

let mounted = 0;

/**
 * Replaces `host`'s children (the prerendered `.code-view`'s gutter and code) with an editor
 * of `doc`, in the language `host.dataset.lang` names (`ts`, the default, or `js`).
 *
 * - `label`: the editor's accessible name.
 * - `onChange(doc)`: called with the whole text after every change.
 * - `onSubmit(doc)`: called on Ctrl+Enter (Cmd+Enter on a Mac).
 *
 * Tab is not taken: it moves the focus on, as everywhere else on the page. Ctrl+] and Ctrl+[
 * (Cmd on a Mac) indent and outdent the selected lines; Ctrl+Z undoes, Ctrl+Shift+Z redoes.
 *
 * Returns `{ getDoc(), setDoc(text), setDiagnostics([{ line, column, message, severity }]),
 * focus(), destroy() }`. Lines and columns count from 1, columns in characters; `severity` is
 * "error" (the default), "warning" or "info"; `setDiagnostics([])` clears them, and so does
 * `setDoc`. `destroy()` removes the editor and puts back the children it replaced.
 */
export function mount(host, { doc = "", label = "Code editor", onChange, onSubmit } = {}) {
  const replaced = [...host.childNodes];
  const id = `code-editor-${++mounted}`;
  const status = document.createElement("p");
  status.id = `${id}-diagnostics`;
  status.className = "code-diagnostics-status";
  status.setAttribute("role", "status");

  const language = languages[host.dataset.lang] ?? languages.ts;
  const submit = (view) => {
    onSubmit?.(view.state.doc.toString());
    return true;
  };
  const state = EditorState.create({
    doc,
    extensions: [
      lineNumbers(),
      history(),
      bracketMatching(),
      indentOnInput(),
      EditorState.tabSize.of(2),
      indentUnit.of("  "),
      language,
      syntaxHighlighting(tokenClasses),
      // Above the highlighter (itself Prec.high), so that its marks are drawn inside the
      // highlighter's spans and their colour wins.
      Prec.highest(namesAsTheCodeView),
      diagnosticsField,
      // Above the default keymap, where Mod-Enter inserts a blank line.
      Prec.highest(keymap.of([{ key: "Mod-Enter", run: submit }])),
      keymap.of([...defaultKeymap, ...historyKeymap]),
      EditorView.updateListener.of((update) => {
        if (update.docChanged) onChange?.(update.state.doc.toString());
        const before = update.startState.field(diagnosticsField).sentences;
        const after = update.state.field(diagnosticsField).sentences;
        if (before !== after) status.textContent = after.join(". ");
      }),
      EditorView.contentAttributes.of({ "aria-label": label, "aria-describedby": status.id }),
      layout,
    ],
  });
  host.replaceChildren();
  const view = new EditorView({ state, parent: host });
  host.append(status);
  // Lesson code is short: parse all of it now, so that no part of it shows uncoloured first.
  forceParsing(view, view.state.doc.length, 500);

  return {
    getDoc: () => view.state.doc.toString(),
    setDoc(text) {
      view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: String(text) }, effects: setDiagnosticsEffect.of([]) });
    },
    setDiagnostics(list) {
      view.dispatch({ effects: setDiagnosticsEffect.of(Array.isArray(list) ? list : []) });
    },
    focus: () => view.focus(),
    destroy() {
      view.destroy();
      host.replaceChildren(...replaced);
    },
  };
}
