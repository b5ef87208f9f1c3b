package api

import (
	"github.com/rongtook/rongtook/internal/cases"
	"github.com/rongtook/rongtook/internal/search"
)

// searchHitJSON shows where a case matched a search: the matched words as byte offsets into
// the description and the address, and a snippet of the description with them «marked».
type searchHitJSON struct {
	Description []search.Span `json:"description"`
	Address     []search.Span `json:"address"`
	Snippet     string        `json:"snippet"`
}

// snippetWidth is about how many characters of the description a snippet shows.
const snippetWidth = 120

func searchHitOut(c cases.Case, terms []string) *searchHitJSON {
	h := &searchHitJSON{
		Description: search.Highlight(c.Description, terms),
		Address:     search.Highlight(c.Location.Address, terms),
	}
	h.Snippet = search.Snippet(c.Description, h.Description, snippetWidth)
	if h.Description == nil {
		h.Description = []search.Span{}
	}
	if h.Address == nil {
		h.Address = []search.Span{}
	}
	return h
}
