package raw

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	"github.com/moby/buildkit/frontend/dockerfile/parser"
)

// DecodeDockerfile returns a Dockerfile as conftest's Dockerfile parser
// presents it: one input, the list of commands, each
// {"Cmd" (lower case), "SubCmd" (ONBUILD's), "JSON", "Flags", "Value",
// "Stage"}, with comments as {"Cmd": "comment"} entries before the
// command they precede.
func DecodeDockerfile(name string, data []byte) ([]any, error) {
	res, err := parser.Parse(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("%s: parse dockerfile: %w", name, err)
	}
	stages := -1
	var cmds []any
	for _, child := range res.AST.Children {
		instr, err := instructions.ParseInstruction(child)
		if err != nil {
			return nil, fmt.Errorf("%s:%d: %w", name, child.StartLine, err)
		}
		if _, ok := instr.(*instructions.Stage); ok {
			stages++
		}
		stage := max(stages, 0)
		for _, c := range child.PrevComment {
			cmds = append(cmds, command("comment", "", false, nil, []string{c}, stage))
		}
		cmd, node := strings.ToLower(child.Value), child
		sub := ""
		if child.Next != nil && len(child.Next.Children) > 0 {
			sub = child.Next.Children[0].Value
			node = child.Next.Children[0]
		}
		var value []string
		for n := node.Next; n != nil; n = n.Next {
			value = append(value, n.Value)
		}
		cmds = append(cmds, command(cmd, sub, node.Attributes["json"], child.Flags, value, stage))
	}
	if cmds == nil {
		cmds = []any{}
	}
	return []any{cmds}, nil
}

// command builds one entry; nil lists stay null, as conftest's JSON
// round trip leaves them.
func command(cmd, sub string, json bool, flags, value []string, stage int) map[string]any {
	return map[string]any{
		"Cmd": cmd, "SubCmd": sub, "JSON": json,
		"Flags": stringsOrNil(flags), "Value": stringsOrNil(value), "Stage": stage,
	}
}

func stringsOrNil(ss []string) any {
	if ss == nil {
		return nil
	}
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}
