package api

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/rongtook/rongtook/internal/apperr"
)

// maxBody bounds request bodies: far above any real case (10,000 characters of Thai are
// 30 KB), far below what could hurt the server.
const maxBody = 1 << 20

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(true)
	_ = enc.Encode(v)
}

// decode reads a JSON object into dst strictly: unknown fields, wrong types, trailing data
// and malformed JSON are errors that name what is wrong.
func decode(w http.ResponseWriter, r *http.Request, dst any) error {
	if ct := r.Header.Get("Content-Type"); ct != "" && !strings.HasPrefix(ct, "application/json") {
		return apperr.Invalid("", "unsupported_media_type", "send the body as application/json", "กรุณาส่งข้อมูลในรูปแบบ application/json")
	}
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxBody))
	dec.DisallowUnknownFields()
	err := dec.Decode(dst)
	if err == nil {
		if dec.More() {
			return apperr.Invalid("", "malformed_json", "the body has data after the JSON object", "ข้อมูล JSON มีส่วนเกิน")
		}
		if _, err := dec.Token(); err != io.EOF {
			return apperr.Invalid("", "malformed_json", "the body has data after the JSON object", "ข้อมูล JSON มีส่วนเกิน")
		}
		return nil
	}
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	var big *http.MaxBytesError
	switch {
	case errors.Is(err, io.EOF):
		return apperr.Invalid("", "empty_body", "the request body is empty", "ไม่พบข้อมูลในคำขอ")
	case errors.As(err, &syn), errors.Is(err, io.ErrUnexpectedEOF):
		return apperr.Invalid("", "malformed_json", "the body is not valid JSON: "+err.Error(), "ข้อมูล JSON ไม่ถูกต้อง")
	case errors.As(err, &typ):
		field := typ.Field
		if field == "" {
			field = "body"
		}
		return apperr.Invalid(field, "wrong_type", fmt.Sprintf("%s must be %s, not %s", field, jsonType(typ.Type.Kind().String()), typ.Value), fmt.Sprintf("ชนิดข้อมูลของ %s ไม่ถูกต้อง", field))
	case errors.As(err, &big):
		return &apperr.Error{Kind: apperr.KindInvalid, Code: "body_too_large", Message: fmt.Sprintf("the body is larger than %d bytes", maxBody), MessageTH: "ข้อมูลที่ส่งมีขนาดใหญ่เกินไป"}
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		field, _ := strconv.Unquote(strings.TrimPrefix(err.Error(), "json: unknown field "))
		return apperr.Invalid(field, "unknown_field", fmt.Sprintf("unknown field %q", field), fmt.Sprintf("ไม่รู้จักฟิลด์ %q", field))
	}
	return apperr.Invalid("", "malformed_json", "the body could not be read: "+err.Error(), "อ่านข้อมูลในคำขอไม่ได้")
}

func jsonType(goKind string) string {
	switch goKind {
	case "string":
		return "a string"
	case "bool":
		return "true or false"
	case "int", "int64", "int32", "float64", "float32":
		return "a number"
	case "struct", "map", "ptr":
		return "an object"
	case "slice":
		return "an array"
	}
	return goKind
}
