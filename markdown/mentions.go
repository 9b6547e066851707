package markdown

import (
	"bytes"
	"html"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	gtext "github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// mentionEngine is engine with @mentions. It is a second engine, not an
// option of the first, so that texts rendered without mentions (official
// responses, challenge descriptions) keep their exact rendering.
var mentionEngine = goldmark.New(goldmark.WithExtensions(extension.GFM, mentions{}))

// A Doc is a Markdown text parsed once, so that the people it mentions
// can be looked up (Handles) before it is rendered with them (HTML).
type Doc struct {
	src      []byte
	root     ast.Node
	mentions []*mentionNode // those outside links, in order
}

// Parse reads a Markdown text and finds its @mentions: an @ at the start
// or after a character that is not a letter, a digit or _, followed by a
// handle's characters. Mentions in code and in links are text like any
// other, and an e-mail address is no mention.
func Parse(src string) *Doc {
	d := &Doc{src: []byte(src)}
	d.root = mentionEngine.Parser().Parse(gtext.NewReader(d.src))
	_ = ast.Walk(d.root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Link, *ast.AutoLink, *ast.Image:
			// A link inside a link is no link: its text stays text.
			return ast.WalkSkipChildren, nil
		case *mentionNode:
			d.mentions = append(d.mentions, n)
		}
		return ast.WalkContinue, nil
	})
	return d
}

// Handles are the handles the text mentions, lower-cased, each once, in
// order: the people to look up before HTML.
func (d *Doc) Handles() []string {
	var hs []string
	for _, m := range d.mentions {
		if h := strings.ToLower(m.handle); !slices.Contains(hs, h) {
			hs = append(hs, h)
		}
	}
	return hs
}

// HTML renders the text as Render does, with each mention of a person in
// people (their ids by lower-case handle) a link to their profile; other
// mentions stay text. It answers the ids of the people linked, each once.
func (d *Doc) HTML(people map[string]int64) (out string, mentioned []int64) {
	for _, m := range d.mentions {
		m.id = people[strings.ToLower(m.handle)]
		if m.id != 0 && !slices.Contains(mentioned, m.id) {
			mentioned = append(mentioned, m.id)
		}
	}
	var buf bytes.Buffer
	if err := mentionEngine.Renderer().Render(&buf, d.src, d.root); err != nil {
		// The renderer only fails on a failing writer; bytes.Buffer does not.
		return html.EscapeString(string(d.src)), mentioned
	}
	return sanitize(buf.String()), mentioned
}

// mentions is the goldmark extension that reads and writes @mentions.
type mentions struct{}

func (mentions) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithInlineParsers(util.Prioritized(mentionParser{}, 600)))
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(mentionRenderer{}, 600)))
}

var kindMention = ast.NewNodeKind("Mention")

// mentionNode is one @handle in the text.
type mentionNode struct {
	ast.BaseInline
	handle string // as written, without the @
	id     int64  // its person's, once known; 0 for none
}

func (n *mentionNode) Kind() ast.NodeKind { return kindMention }

func (n *mentionNode) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{"Handle": n.handle}, nil)
}

// mentionParser reads an @handle. It runs at every @, before the emphasis
// parser would cut a handle at its underscores.
type mentionParser struct{}

func (mentionParser) Trigger() []byte { return []byte{'@'} }

func (mentionParser) Parse(_ ast.Node, block gtext.Reader, _ parser.Context) ast.Node {
	if before := block.PrecendingCharacter(); isWordRune(before) {
		return nil // an address (ana@example.org) or a word with an @ in it
	}
	line, _ := block.PeekLine()
	n := 1
	for n < len(line) && IsHandleByte(line[n]) {
		n++
	}
	if after, _ := utf8.DecodeRune(line[n:]); n < len(line) && isWordRune(after) {
		return nil // "@maría": the handle would be cut at the accent
	}
	handle := string(line[1:n])
	if !ValidHandle(strings.ToLower(handle)) {
		return nil
	}
	block.Advance(n)
	return &mentionNode{handle: handle}
}

func isWordRune(r rune) bool { return r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r) }

// mentionRenderer writes a mention: a link to its person's profile, or
// the text as written when it names nobody (or sits inside a link).
type mentionRenderer struct{}

func (mentionRenderer) RegisterFuncs(r renderer.NodeRendererFuncRegisterer) {
	r.Register(kindMention, func(w util.BufWriter, _ []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		// A handle is letters, digits and _ only: nothing to escape.
		n := node.(*mentionNode)
		if n.id == 0 {
			_, err := w.WriteString("@" + n.handle)
			return ast.WalkContinue, err
		}
		_, err := w.WriteString(`<a href="/users/` + strconv.FormatInt(n.id, 10) + `" class="mention">@` + n.handle + `</a>`)
		return ast.WalkContinue, err
	})
}
