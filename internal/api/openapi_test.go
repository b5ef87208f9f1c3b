package api

// These tests keep openapi.json in step with the code. The routes table is the source of
// truth for the operations; the handlers' request structs for the request schemas; the
// response constructors (caseOut, eventOut, userOut, …) and a walk through every route of a
// real server on SQLite for the response schemas, status codes and headers.

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"mime"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"reflect"
	"regexp"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/rongtook/rongtook/internal/app"
	"github.com/rongtook/rongtook/internal/apperr"
	"github.com/rongtook/rongtook/internal/auth"
	"github.com/rongtook/rongtook/internal/cases"
	"github.com/rongtook/rongtook/internal/reference"
	"github.com/rongtook/rongtook/internal/search"
	"github.com/rongtook/rongtook/internal/sla"
	"github.com/rongtook/rongtook/internal/store"
	"github.com/rongtook/rongtook/internal/store/sqlite"
)

// openAPIOperations says, for every route, which request struct its handler decodes and
// which component schema each success status answers with. It must list exactly the routes
// of the table, so that a new route cannot be added without deciding what the document says.
var openAPIOperations = []struct {
	op           string            // "METHOD pattern", as in routes
	request      any               // the handler's request struct, nil when it reads no body
	bodyOptional bool              // the body may be empty
	success      map[string]string // 2xx status → component schema; "" no body, "inline" an inline schema
}{
	{"GET /healthz", nil, false, map[string]string{"200": "HealthStatus"}},
	{"GET /readyz", nil, false, map[string]string{"200": "HealthStatus"}},
	{"GET /api/v1/openapi.json", nil, false, map[string]string{"200": "inline"}},
	{"POST /api/v1/session", loginRequest{}, false, map[string]string{"200": "User"}},
	{"DELETE /api/v1/session", nil, false, map[string]string{"204": ""}},
	{"GET /api/v1/me", nil, false, map[string]string{"200": "User"}},
	{"GET /api/v1/reference", nil, false, map[string]string{"200": "Reference"}},
	{"GET /api/v1/units", nil, false, map[string]string{"200": "UnitList"}},
	{"GET /api/v1/units/{code}/coordinators", nil, false, map[string]string{"200": "CoordinatorList"}},
	{"PUT /api/v1/units/{code}/coordinators/{kind}", coordinatorRequest{}, false, map[string]string{"200": "Coordinator"}},
	{"GET /api/v1/coordinators", nil, false, map[string]string{"200": "CoordinatorList"}},
	{"GET /api/v1/routing-rules", nil, false, map[string]string{"200": "RoutingRuleList"}},
	{"PUT /api/v1/routing-rules/{category}/{district}", routingRequest{}, false, map[string]string{"200": "RoutingRule"}},
	{"DELETE /api/v1/routing-rules/{category}/{district}", nil, false, map[string]string{"204": ""}},
	{"GET /api/v1/routing", nil, false, map[string]string{"200": "Target"}},
	{"GET /api/v1/users", nil, false, map[string]string{"200": "UserList"}},
	{"POST /api/v1/users", userCreateRequest{}, false, map[string]string{"201": "User"}},
	{"GET /api/v1/tokens", nil, false, map[string]string{"200": "TokenList"}},
	{"POST /api/v1/tokens", tokenCreateRequest{}, false, map[string]string{"201": "Token"}},
	{"DELETE /api/v1/tokens/{id}", nil, false, map[string]string{"204": ""}},
	{"POST /api/v1/cases", caseCreateRequest{}, false, map[string]string{"201": "Case", "200": "Case"}},
	{"GET /api/v1/cases", nil, false, map[string]string{"200": "CaseList"}},
	{"GET /api/v1/cases/export", nil, false, map[string]string{"200": "file"}},
	{"POST /api/v1/cases/duplicates", caseCreateRequest{}, false, map[string]string{"200": "DuplicateList"}},
	{"POST /api/v1/suggest", suggestRequest{}, false, map[string]string{"200": "Suggestion"}},
	{"GET /api/v1/reports/repeats", nil, false, map[string]string{"200": "RepeatReport"}},
	{"GET /api/v1/audit-log", nil, false, map[string]string{"200": "AuditLog"}},
	{"GET /api/v1/reports/stats", nil, false, map[string]string{"200": "Stats"}},
	{"GET /api/v1/reports/channels", nil, false, map[string]string{"200": "ChannelReport"}},
	{"GET /api/v1/public/stats", nil, false, map[string]string{"200": "PublicStats"}},
	{"GET /api/v1/reports/monthly", nil, false, map[string]string{"200": "MonthlyReport"}},
	{"PUT /api/v1/reports/monthly/{unit}/{period}", monthlySubmitRequest{}, false, map[string]string{"200": "MonthlySubmission"}},
	{"GET /api/v1/reports/monthly-status", nil, false, map[string]string{"200": "MonthlyStatus"}},
	{"GET /api/v1/visits", nil, false, map[string]string{"200": "VisitList"}},
	{"POST /api/v1/visits", visitCreateRequest{}, false, map[string]string{"201": "Visit"}},
	{"GET /api/v1/visits/{id}", nil, false, map[string]string{"200": "Visit"}},
	{"PUT /api/v1/visits/{id}/milestones/{step}/{round}", milestoneRequest{}, false, map[string]string{"200": "Visit"}},
	{"POST /api/v1/visits/{id}/notes", visitNoteRequest{}, false, map[string]string{"201": "Visit"}},
	{"POST /api/v1/visits/{id}/cases", visitCaseRequest{}, false, map[string]string{"200": "Visit"}},
	{"GET /api/v1/cases/{receipt}", nil, false, map[string]string{"200": "Case"}},
	{"GET /api/v1/cases/{receipt}/events", nil, false, map[string]string{"200": "EventList"}},
	{"POST /api/v1/cases/{receipt}/actions/{action}", actionRequest{}, true, map[string]string{"200": "ActionResponse"}},
	{"GET /api/v1/citizens/{id}", nil, false, map[string]string{"200": "Citizen"}},
	{"GET /api/v1/citizens/{id}/access-log", nil, false, map[string]string{"200": "AccessLog"}},
	{"GET /api/v1/citizens", nil, false, map[string]string{"200": "CitizenList"}},
	{"GET /api/v1/citizens/{id}/profile", nil, false, map[string]string{"200": "CitizenProfile"}},
	{"POST /api/v1/citizens/{id}/merge", citizenMergeRequest{}, false, map[string]string{"200": "CitizenProfile"}},
	{"GET /api/v1/conversations", nil, false, map[string]string{"200": "ConversationList"}},
	{"GET /api/v1/conversations/{id}", nil, false, map[string]string{"200": "ConversationDetail"}},
	{"POST /api/v1/conversations/{id}/assign", conversationAssignRequest{}, false, map[string]string{"200": "Conversation"}},
	{"POST /api/v1/conversations/{id}/tags", conversationTagRequest{}, false, map[string]string{"200": "Conversation"}},
	{"POST /api/v1/conversations/{id}/reply", conversationReplyRequest{}, false, map[string]string{"201": "ConversationMessage"}},
	{"POST /api/v1/conversations/{id}/case", conversationCaseRequest{}, false, map[string]string{"201": "Case"}},
	{"POST /channels/line/{channel}/webhook", lineWebhookBody{}, false, map[string]string{"200": "inline"}},
	{"GET /channels/facebook/webhook", nil, false, map[string]string{"200": "file"}},
	{"POST /channels/facebook/webhook", facebookWebhookBody{}, false, map[string]string{"200": "inline"}},
	{"GET /api/v1/holidays", nil, false, map[string]string{"200": "HolidayList"}},
	{"POST /api/v1/holidays", holidayRequest{}, false, map[string]string{"201": "Holiday"}},
	{"DELETE /api/v1/holidays/{date}", nil, false, map[string]string{"204": ""}},
	{"GET /api/v1/sla-targets", nil, false, map[string]string{"200": "SLATargetList"}},
	{"PUT /api/v1/sla-targets", slaTargetRequest{}, false, map[string]string{"200": "SLATarget"}},
	{"DELETE /api/v1/sla-targets", nil, false, map[string]string{"204": ""}},
	{"GET /api/v1/outbox", nil, false, map[string]string{"200": "OutboxList"}},
	{"POST /api/v1/outbox/{id}/retry", nil, false, map[string]string{"200": "OutboxMessage"}},
	{"GET /api/v1/reports/sla", nil, false, map[string]string{"200": "SuccessReport"}},
	{"GET /api/v1/reports/backlog", nil, false, map[string]string{"200": "Backlog"}},
}

// openAPIResponseTypes pairs the Go types the handlers encode with their component schemas;
// their JSON fields must be the schema's properties, and the fields without omitempty its
// required ones.
var openAPIResponseTypes = []struct {
	schema string
	value  any
}{
	{"Case", caseJSON{}},
	{"Deadlines", deadlinesJSON{}},
	{"Clock", clockJSON{}},
	{"Event", eventJSON{}},
	{"ActionResponse", actionResponse{}},
	{"Category", nameJSON{}},
	{"DistrictName", nameJSON{}},
	{"District", reference.District{}},
	{"Category", reference.Category{}},
	{"Named", reference.Named{}},
	{"StatusName", statusJSON{}},
	{"Reference", referenceJSON{}},
	{"Unit", reference.Unit{}},
	{"Section", reference.Section{}},
	{"RoutingRule", reference.RoutingRule{}},
	{"Target", reference.Target{}},
	{"Coordinator", store.Coordinator{}},
	{"User", userJSON{}},
	{"Token", tokenJSON{}},
	{"Citizen", citizenJSON{}},
	{"Conversation", conversationJSON{}},
	{"ConversationMessage", conversationMessageJSON{}},
	{"ConversationList", conversationListJSON{}},
	{"ConversationDetail", conversationDetailJSON{}},
	{"Identity", identityJSON{}},
	{"CitizenProfile", citizenProfileJSON{}},
	{"CitizenList", citizenListJSON{}},
	{"AccessLogEntry", accessJSON{}},
	{"Location", cases.Location{}},
	{"Result", cases.Result{}},
	{"Termination", cases.Termination{}},
	{"Error", errorBody{}},
	{"Holiday", holidayJSON{}},
	{"SLATarget", store.SLATarget{}},
	{"OutboxMessage", store.OutboxMessage{}},
	{"AuditEntry", store.AuditEntry{}},
	{"Count", app.Count{}},
	{"ChannelStats", app.ChannelStats{}},
	{"Durations", app.Durations{}},
	{"Stats", StatsJSON{}},
	{"PublicStats", publicStatsJSON{}},
	{"MonthlySubmission", store.MonthlyReport{}},
	{"MonthlyReport", MonthlyJSON{}},
	{"Milestone", store.Milestone{}},
	{"VisitNote", store.VisitNote{}},
	{"Share", ShareJSON{}},
	{"SuccessLevel", SuccessJSON{}},
	{"SuccessReport", SuccessReportJSON{}},
	{"BacklogPoint", BacklogPointJSON{}},
	{"Backlog", BacklogJSON{}},
	{"SearchHit", searchHitJSON{}},
	{"Span", search.Span{}},
	{"Duplicate", duplicateJSON{}},
	{"DuplicateList", duplicateListJSON{}},
	{"SuggestedCategory", suggestedCategoryJSON{}},
	{"Suggestion", suggestionJSON{}},
	{"RepeatCount", store.RepeatCount{}},
	{"RepeatReport", repeatReportJSON{}},
}

// openAPIRequestTypes pairs the request structs with their schemas, for the nested ones too.
var openAPIRequestTypes = []struct {
	schema string
	value  any
}{
	{"LoginRequest", loginRequest{}},
	{"UserCreateRequest", userCreateRequest{}},
	{"TokenCreateRequest", tokenCreateRequest{}},
	{"CoordinatorRequest", coordinatorRequest{}},
	{"RoutingRuleRequest", routingRequest{}},
	{"CaseCreateRequest", caseCreateRequest{}},
	{"CitizenInput", app.CitizenInput{}},
	{"Location", cases.Location{}},
	{"ActionRequest", actionRequest{}},
	{"SuggestRequest", suggestRequest{}},
	{"HolidayRequest", holidayRequest{}},
	{"SLATargetRequest", slaTargetRequest{}},
	{"CitizenMergeRequest", citizenMergeRequest{}},
	{"LineWebhookBody", lineWebhookBody{}},
	{"FacebookWebhookBody", facebookWebhookBody{}},
	{"ConversationAssignRequest", conversationAssignRequest{}},
	{"ConversationTagRequest", conversationTagRequest{}},
	{"ConversationReplyRequest", conversationReplyRequest{}},
	{"ConversationCaseRequest", conversationCaseRequest{}},
	{"MonthlySubmitRequest", monthlySubmitRequest{}},
	{"VisitCreateRequest", visitCreateRequest{}},
	{"MilestoneRequest", milestoneRequest{}},
	{"VisitNoteRequest", visitNoteRequest{}},
	{"VisitCaseRequest", visitCaseRequest{}},
}

var openAPIMethods = []string{"get", "put", "post", "delete", "options", "head", "patch", "trace"}

func TestOpenAPIIsValidOpenAPI30(t *testing.T) {
	doc := openAPILoad(t)
	if v, _ := doc["openapi"].(string); v != "3.0.3" {
		t.Errorf("openapi = %q, want 3.0.3", v)
	}
	// The official OpenAPI 3.0 meta-schema is not vendored (nothing outside the project is
	// copied in); the tests below check the structure that matters field by field.
	info, _ := doc["info"].(map[string]any)
	if info["title"] == nil || info["version"] == nil || doc["paths"] == nil || doc["components"] == nil {
		t.Errorf("openapi.json lacks info.title, info.version, paths or components")
	}
}

func TestOpenAPIOperationsMatchRoutes(t *testing.T) {
	doc := openAPILoad(t)
	want := map[string]bool{}
	for _, r := range routes {
		want[r.method+" "+r.pattern] = true
	}
	got := map[string]bool{}
	for path, item := range openAPIMap(doc["paths"]) {
		for key := range openAPIMap(item) {
			if slices.Contains(openAPIMethods, key) {
				got[strings.ToUpper(key)+" "+path] = true
			}
		}
	}
	for _, op := range openAPISorted(want) {
		if !got[op] {
			t.Errorf("route %s is not in openapi.json", op)
		}
	}
	for _, op := range openAPISorted(got) {
		if !want[op] {
			t.Errorf("openapi.json has %s, which is not a route", op)
		}
	}
	tabled := map[string]bool{}
	for _, o := range openAPIOperations {
		tabled[o.op] = true
	}
	for _, op := range openAPISorted(want) {
		if !tabled[op] {
			t.Errorf("route %s is missing from openAPIOperations in this test", op)
		}
	}
	for _, op := range openAPISorted(tabled) {
		if !want[op] {
			t.Errorf("openAPIOperations lists %s, which is not a route", op)
		}
	}
}

func TestOpenAPIRefsResolve(t *testing.T) {
	doc := openAPILoad(t)
	n := 0
	var walk func(at string, v any)
	walk = func(at string, v any) {
		switch x := v.(type) {
		case map[string]any:
			if ref, ok := x["$ref"].(string); ok {
				n++
				if _, ok := openAPIPointer(doc, ref); !ok || !strings.HasPrefix(ref, "#/components/") {
					t.Errorf("%s: $ref %q does not resolve", at, ref)
				}
			}
			for k, e := range x {
				walk(at+"/"+k, e)
			}
		case []any:
			for i, e := range x {
				walk(at+"/"+strconv.Itoa(i), e)
			}
		}
	}
	walk("#", doc)
	if n == 0 {
		t.Error("no $ref found")
	}
}

func TestOpenAPIOperations(t *testing.T) {
	doc := openAPILoad(t)
	if len(openAPISlice(doc["security"])) == 0 {
		t.Error("the document has no global security requirement")
	}
	byOp := map[string]int{}
	for i, o := range openAPIOperations {
		byOp[o.op] = i
	}
	opIDs := map[string]string{}
	paramName := regexp.MustCompile(`\{([^}]+)\}`)
	for _, r := range routes {
		name := r.method + " " + r.pattern
		t.Run(name, func(t *testing.T) {
			item := openAPIMap(openAPIMap(doc["paths"])[r.pattern])
			op := openAPIMap(item[strings.ToLower(r.method)])
			if op == nil {
				t.Skip("not in the document (reported by TestOpenAPIOperationsMatchRoutes)")
			}
			for _, k := range []string{"summary", "description", "x-summary-th"} {
				if s, _ := op[k].(string); strings.TrimSpace(s) == "" {
					t.Errorf("no %s", k)
				}
			}
			if th, _ := op["x-summary-th"].(string); !strings.ContainsFunc(th, func(r rune) bool { return unicode.Is(unicode.Thai, r) }) {
				t.Errorf("x-summary-th %q is not in Thai", th)
			}
			// operationId is the handler's name.
			fn := runtime.FuncForPC(reflect.ValueOf(r.handler).Pointer()).Name()
			handler := strings.TrimSuffix(fn[strings.LastIndex(fn, ".")+1:], "-fm")
			id, _ := op["operationId"].(string)
			if id != handler {
				t.Errorf("operationId %q, want the handler's name %q", id, handler)
			}
			if other, dup := opIDs[id]; dup {
				t.Errorf("operationId %q is also used by %s", id, other)
			}
			opIDs[id] = name

			responses := openAPIMap(op["responses"])
			has2xx := false
			for code := range responses {
				has2xx = has2xx || strings.HasPrefix(code, "2")
			}
			if !has2xx {
				t.Error("no 2xx response")
			}
			sec, declared := op["security"]
			if r.public {
				if !declared || len(openAPISlice(sec)) != 0 {
					t.Error("a public route must have security: []")
				}
			} else {
				if declared && len(openAPISlice(sec)) == 0 {
					t.Error("a private route must not have empty security")
				}
				if responses["401"] == nil {
					t.Error("a private route must document 401")
				}
			}
			if r.method != "GET" && responses["403"] == nil {
				t.Error("a state-changing route must document 403 (cross-origin protection)")
			}
			for code, resp := range responses {
				n, err := strconv.Atoi(code)
				if err != nil {
					t.Errorf("response %q is not a status code", code)
					continue
				}
				res := openAPIDeref(doc, resp)
				if s, _ := res["description"].(string); s == "" {
					t.Errorf("response %s has no description", code)
				}
				if n >= 400 && n != http.StatusServiceUnavailable {
					if !slices.Contains([]int{400, 401, 403, 404, 409, 422, 429, 500}, n) {
						t.Errorf("response %d is not a status the server gives (statusOf in errors.go)", n)
					}
					if mt := openAPIMap(openAPIMap(res["content"])["application/json"]); mt != nil {
						if ref, _ := openAPIMap(mt["schema"])["$ref"].(string); ref != "#/components/schemas/Error" {
							t.Errorf("error response %s does not use the Error schema", code)
						}
					}
				}
			}

			// Path parameters: every one of the template declared, and nothing else.
			params := map[string]map[string]any{}
			for _, p := range append(openAPISlice(item["parameters"]), openAPISlice(op["parameters"])...) {
				pm := openAPIDeref(doc, p)
				key := fmt.Sprint(pm["in"]) + " " + fmt.Sprint(pm["name"])
				if _, dup := params[key]; dup {
					t.Errorf("parameter %s declared twice", key)
				}
				params[key] = pm
			}
			inTemplate := map[string]bool{}
			for _, m := range paramName.FindAllStringSubmatch(r.pattern, -1) {
				name := strings.TrimSuffix(m[1], "...") // a mux wildcard {rest...}
				if name == "$" {                        // {$} anchors the end, no parameter
					continue
				}
				inTemplate[name] = true
				p := params["path "+name]
				if p == nil {
					t.Errorf("path parameter {%s} is not declared", name)
				} else if p["required"] != true {
					t.Errorf("path parameter {%s} must be required", name)
				}
			}
			for key := range params {
				if name, ok := strings.CutPrefix(key, "path "); ok && !inTemplate[name] {
					t.Errorf("path parameter %s is not in the path", name)
				}
			}

			i, ok := byOp[name]
			if !ok {
				t.Skip("not in openAPIOperations (reported by TestOpenAPIOperationsMatchRoutes)")
			}
			want := openAPIOperations[i]
			// Success responses and their schemas.
			for code, resp := range responses {
				if !strings.HasPrefix(code, "2") {
					continue
				}
				schema, ok := want.success[code]
				if !ok {
					t.Errorf("response %s is not in openAPIOperations", code)
					continue
				}
				content := openAPIMap(openAPIDeref(doc, resp)["content"])
				switch schema {
				case "":
					if len(content) != 0 {
						t.Errorf("response %s should have no body", code)
					}
				case "file":
					for mt, m := range content {
						if f, _ := openAPIMap(openAPIMap(m)["schema"])["format"].(string); mt == "application/json" || f != "binary" {
							t.Errorf("response %s: a file is a binary non-JSON body, not %s %v", code, mt, m)
						}
					}
				default:
					s := openAPIMap(openAPIMap(content["application/json"])["schema"])
					ref, _ := s["$ref"].(string)
					if schema == "inline" && (s == nil || ref != "") || schema != "inline" && ref != "#/components/schemas/"+schema {
						t.Errorf("response %s: application/json schema %v, want %s", code, s, schema)
					}
				}
			}
			for code := range want.success {
				if responses[code] == nil {
					t.Errorf("no response %s", code)
				}
			}
			// The request body.
			rb := openAPIDeref(doc, op["requestBody"])
			if want.request == nil {
				if op["requestBody"] != nil {
					t.Error("the handler reads no body, but a requestBody is documented")
				}
				return
			}
			if rb == nil {
				t.Fatalf("the handler decodes %T, but no requestBody is documented", want.request)
			}
			if req, _ := rb["required"].(bool); req == want.bodyOptional {
				t.Errorf("requestBody.required = %v, want %v", req, !want.bodyOptional)
			}
			s := openAPIMap(openAPIMap(openAPIMap(rb["content"])["application/json"])["schema"])
			ref, _ := s["$ref"].(string)
			if !strings.HasPrefix(ref, "#/components/schemas/") {
				t.Fatalf("the request body schema is not a component: %v", s)
			}
			openAPICompareFields(t, doc, ref, reflect.TypeOf(want.request), s, false)
		})
	}
}

// TestOpenAPIFieldsMatchGo compares the JSON fields of the Go structs with the properties of
// their schemas, both ways: a field added in Go but not in the document fails, and so does
// one the document has and Go does not.
func TestOpenAPIFieldsMatchGo(t *testing.T) {
	doc := openAPILoad(t)
	for _, c := range openAPIResponseTypes {
		t.Run(fmt.Sprintf("response %s %T", c.schema, c.value), func(t *testing.T) {
			openAPICompareFields(t, doc, c.schema, reflect.TypeOf(c.value), openAPISchemaRef(c.schema), true)
		})
	}
	for _, c := range openAPIRequestTypes {
		t.Run(fmt.Sprintf("request %s %T", c.schema, c.value), func(t *testing.T) {
			openAPICompareFields(t, doc, c.schema, reflect.TypeOf(c.value), openAPISchemaRef(c.schema), false)
		})
	}
}

func TestOpenAPIEnumsMatchGo(t *testing.T) {
	doc := openAPILoad(t)
	ref := reference.MustLoad()
	codes := func(list []reference.Named) []string {
		var out []string
		for _, n := range list {
			out = append(out, n.Code)
		}
		return out
	}
	for _, c := range []struct {
		schema string
		values any
	}{
		{"Status", cases.Statuses},
		{"Action", cases.Actions},
		{"ResultType", cases.ResultTypes},
		{"TerminationReason", cases.TerminationReasons},
		{"Channel", codes(ref.Channels)},
		{"Kind", codes(ref.Kinds)},
		{"Role", auth.Roles},
		{"EventType", []cases.EventType{cases.EventCreated, cases.EventForwarded, cases.EventAcknowledged, cases.EventAssigned,
			cases.EventProgress, cases.EventResultProposed, cases.EventApproved, cases.EventSentBack, cases.EventTerminated,
			cases.EventReturned, cases.EventReopened, cases.EventNote, cases.EventImported, cases.EventWaitingCitizen,
			cases.EventResumed, cases.EventReminder, cases.EventLinkedDuplicate, cases.EventUnlinkedDuplicate,
			cases.EventDuplicateLinked, cases.EventDuplicateUnlinked}},
		{"ClockKind", func() (out []string) {
			for k := sla.ClockKind(1); !strings.Contains(k.String(), "("); k++ {
				out = append(out, k.String())
			}
			return out
		}()},
		{"ClockState", func() (out []string) {
			for st := sla.StateNone + 1; !strings.Contains(st.String(), "("); st++ { // deadlinesOut leaves out none
				out = append(out, st.String())
			}
			return out
		}()},
		{"UnitType", []string{reference.UnitCentre, reference.UnitGovernor, reference.UnitDistrict, reference.UnitBureau, reference.UnitExternal}},
		{"CoordinatorKind", []string{"main", "best"}}, // app.PutCoordinator
		{"HolidayKind", func() (out []string) {
			for k := sla.HolidayKind(1); !strings.Contains(k.String(), "("); k++ {
				out = append(out, k.String())
			}
			return out
		}()},
	} {
		t.Run(c.schema, func(t *testing.T) {
			var want []string
			v := reflect.ValueOf(c.values)
			for i := range v.Len() {
				want = append(want, fmt.Sprint(v.Index(i).Interface()))
			}
			var got []string
			for _, e := range openAPISlice(openAPIMap(openAPIMap(openAPIMap(doc["components"])["schemas"])[c.schema])["enum"]) {
				got = append(got, fmt.Sprint(e))
			}
			if !slices.Equal(got, want) {
				t.Errorf("enum %v, want %v (from the Go code)", got, want)
			}
		})
	}
}

// TestOpenAPIShapes validates values built with the package's own constructors against the
// component schemas, with every optional field set and with none.
func TestOpenAPIShapes(t *testing.T) {
	v := openAPIValidator(t)
	ref := reference.MustLoad()
	at := time.Date(2026, 11, 22, 3, 4, 5, 123456000, time.UTC)
	later := at.Add(90 * time.Minute)
	lat, lon := 13.7946, 100.6086
	full := cases.Case{
		ID: 7, Receipt: "2569-000123", Channel: "hotline", Kind: "complaint", CategoryCode: 6,
		Description: "ถนนเป็นหลุมลึกหน้าซอยลาดพร้าว 101",
		Location:    cases.Location{Lat: &lat, Lon: &lon, Address: "ซอยลาดพร้าว 101", DistrictCode: 1038},
		CitizenID:   42, Anonymous: true, Confidential: true, BEST: true, UnitCode: "D1038", SectionCode: "WORKS", OfficerID: 9,
		Status:      cases.StatusCompleted,
		Result:      &cases.Result{Type: "law_prevents", Text: "ซ่อมแล้ว", Law: "พ.ร.บ. ทางหลวง"},
		Termination: &cases.Termination{Reason: "other", Text: "รายละเอียด"},
		Source:      "traffy", SourceRef: "2024-ABCD", CreatedBy: 3, CreatedAt: at, UpdatedAt: later,
		ReachedUnitAt: &at, AcknowledgedAt: &later, ClosedAt: &later, NextDueAt: &at, Rating: 5, ReopenCount: 2, WaitingCitizen: true,
		Version: 5,
	}
	minimal := cases.Case{Receipt: "2569-000001", Channel: "web", Kind: "inquiry", CategoryCode: 23, Description: "x",
		Status: cases.StatusNew, CreatedAt: at, UpdatedAt: at, Version: 1}
	citizen := store.Citizen{ID: 42, Name: "สมศรี มีสุข", Phone: "0812345678", Email: "somsri@example.com", CreatedAt: at}
	deadlines := deadlinesOut(app.Deadlines{Now: later, Result: sla.Result{
		Stints:        make([]sla.Stint, 2),
		Acknowledge:   sla.Clock{Kind: sla.ClockAcknowledge, Unit: "D1038", State: sla.StateMet, Start: at, Due: later, MetAt: at},
		FirstProgress: sla.Clock{Kind: sla.ClockFirstProgress, Unit: "D1038", State: sla.StateBreached, Start: at, Due: at},
		Checkpoint:    sla.Clock{Kind: sla.ClockCheckpoint, Unit: "D1038", State: sla.StateRunning, Start: at, Due: later, Paused: true, ExtensionDays: 3},
		BESTAck:       sla.Clock{Kind: sla.ClockBESTAck, Unit: "D1038", State: sla.StateStopped, Start: at, Due: later, StoppedAt: at},
		BESTResult:    sla.Clock{Kind: sla.ClockBESTResult, State: sla.StateRunning},
		Waiting:       true, NextDue: at, Overdue: true,
	}})
	noDeadlines := deadlinesOut(app.Deadlines{Now: later})
	withDeadlines := func(c caseJSON, d *deadlinesJSON) caseJSON { c.Deadlines = d; return c }
	fullEvent := cases.Event{ID: 1, CaseID: 7, Seq: 3, Type: cases.EventResultProposed, At: at, ActorID: 9, ActorName: "คุณ หัวหน้า",
		ActorRole: "head", ActorUnit: "D1038", FromStatus: cases.StatusInProgress, ToStatus: cases.StatusAwaitingApproval,
		UnitCode: "D1038", SectionCode: "WORKS", OfficerID: 9, Text: "ซ่อมแล้ว", Reason: "เหตุผล", Public: true, Result: full.Result}
	minimalEvent := cases.Event{Type: cases.EventCreated, At: at}

	type value struct {
		name  string
		value any
	}
	checks := map[string][]value{
		"Case": {
			{"full", caseOut(ref, full, later)},
			{"minimal", caseOut(ref, minimal, later)},
			{"view full", withDeadlines(caseViewOut(ref, app.CaseView{Case: full, Citizen: &citizen, Actions: cases.AllowedActions(cases.StatusInProgress)}, later), deadlines)},
			{"view minimal", withDeadlines(caseViewOut(ref, app.CaseView{Case: minimal, Actions: []cases.Action{}}, later), noDeadlines)},
			{"view citizen without contact", caseViewOut(ref, app.CaseView{Case: minimal, Citizen: &store.Citizen{ID: 1}}, at)},
		},
		"Event": {{"full", eventOut(fullEvent)}, {"minimal", eventOut(minimalEvent)}},
		"ActionResponse": {
			{"full", actionResponse{Case: caseOut(ref, full, later), Event: eventOut(fullEvent)}},
			{"minimal", actionResponse{Case: caseOut(ref, minimal, later), Event: eventOut(minimalEvent)}},
		},
		"CaseList": {
			{"page", map[string]any{"cases": []caseJSON{caseOut(ref, full, at), caseOut(ref, minimal, at)}, "next_cursor": "abc"}},
			{"last", map[string]any{"cases": []caseJSON{}, "next_cursor": ""}},
		},
		"EventList": {{"events", map[string]any{"events": []eventJSON{eventOut(fullEvent), eventOut(minimalEvent)}}}},
		"Citizen":   {{"full", citizenOut(citizen)}, {"minimal", citizenOut(store.Citizen{ID: 1})}},
		"User": {
			{"full", func() userJSON {
				u := userOut(auth.PrincipalOf(auth.User{ID: 1, Username: "head1038", DisplayName: "คุณ หัวหน้า", Role: auth.RoleHead, UnitCode: "D1038"}))
				u.Disabled = true
				return u
			}()},
			{"minimal", userOut(auth.PrincipalOf(auth.User{ID: 2, Username: "op", Role: auth.RoleOperator, UnitCode: "CENTRE"}))},
		},
		"UserList": {{"users", map[string]any{"users": []userJSON{}}}},
		"Token": {
			{"created", func() tokenJSON {
				tok := tokenOut(store.Token{ID: 1, UserID: 2, Name: "ci", Hash: "h", CreatedAt: at, ExpiresAt: &later, RevokedAt: &later})
				tok.Token = "secret"
				return tok
			}()},
			{"listed", tokenOut(store.Token{ID: 2, CreatedAt: at})},
		},
		"TokenList": {{"tokens", map[string]any{"tokens": []tokenJSON{tokenOut(store.Token{ID: 2, CreatedAt: at})}}}},
		"Coordinator": {
			{"full", store.Coordinator{UnitCode: "D1038", Kind: "best", Title: "นาย", FirstName: "สมชาย", LastName: "ใจดี", Position: "หัวหน้าฝ่าย",
				Section: "ฝ่ายโยธา", OfficePhone: "025141234", MobilePhone: "0812345678", LineID: "somchai", LineDisplayName: "สมชาย", UpdatedAt: at, UpdatedBy: 1}},
			{"minimal", store.Coordinator{UnitCode: "D1038", Kind: "main", FirstName: "สมชาย", LineID: "x", UpdatedAt: at}},
		},
		"CoordinatorList": {{"empty", map[string]any{"coordinators": []store.Coordinator{}}}},
		"AccessLogEntry": {
			{"full", accessJSON{UserID: 1, Username: "operator", CaseID: 7, Purpose: "case_view", At: at}},
			{"minimal", accessJSON{UserID: 1, Username: "operator", Purpose: "profile_view", At: at}},
		},
		"AccessLog":       {{"empty", map[string]any{"entries": []accessJSON{}}}},
		"UnitList":        {{"units", map[string]any{"units": ref.Units}}, {"nil", map[string]any{"units": []reference.Unit(nil)}}},
		"RoutingRuleList": {{"built-in", map[string]any{"rules": ref.Routing}}},
		"Error": {
			{"with field", errorBody{Error: errorJSON{Code: "required", Message: "m", MessageTH: "ม", Field: "description"}}},
			{"without field", errorBody{Error: errorJSON{Code: "internal", Message: "m", MessageTH: "ม"}}},
		},
		"Reference": {},
		"Deadlines": {{"full", deadlines}, {"none", noDeadlines}},
		"HolidayList": {{"year", map[string]any{"year": 2026, "holidays": []holidayJSON{
			{Date: "2026-12-05", NameTH: "วันพ่อแห่งชาติ", NameEN: "Father's Day", Kind: "public", BuiltIn: true},
			{Date: "2026-12-31", NameTH: "วันหยุดพิเศษ", Kind: "special"}}}}},
		"SLATargetList": {{"default and overrides", map[string]any{
			"default":   store.SLATarget{AckDays: 1, FirstProgressDays: 3, BESTAckMinutes: 30, BESTResultMinutes: 1440, CheckpointDays: []int{15, 30}},
			"overrides": []store.SLATarget{{UnitCode: "D1038", AckDays: 2, FirstProgressDays: 5, BESTAckMinutes: 60, BESTResultMinutes: 2880}},
		}}},
		"SLATarget": {
			{"full", store.SLATarget{UnitCode: "D1038", CategoryCode: 4, AckDays: 1, FirstProgressDays: 3, BESTAckMinutes: 30, BESTResultMinutes: 1440, CheckpointDays: []int{15, 30}}},
			{"no checkpoints", store.SLATarget{CategoryCode: 4, BESTAckMinutes: 30, BESTResultMinutes: 1440}},
		},
		"OutboxMessage": {
			{"full", store.OutboxMessage{ID: 1, DedupeKey: "k", Kind: "overdue", Channel: "internal", Recipient: "D1038", UnitCode: "D1038", CaseID: 7,
				Text: "เรื่องเกินกำหนด", Status: "sent", Attempts: 2, NextAttemptAt: at, LastError: "timeout", CreatedAt: at, SentAt: &later}},
			{"minimal", store.OutboxMessage{ID: 2, Status: "pending", NextAttemptAt: at, CreatedAt: at}},
		},
		"OutboxList": {{"empty", map[string]any{"messages": []store.OutboxMessage{}}}},
		"Share":      {{"some due", shareOut(sla.Share{Met: 3, Due: 4})}, {"none due", shareOut(sla.Share{})}},
		"SuccessLevel": {
			{"unit", successOut("D1038", "สำนักงานเขตลาดพร้าว", sla.SuccessLevel{Received: 4, Acknowledge: sla.Share{Met: 3, Due: 4},
				FirstProgress: sla.Share{Met: 4, Due: 4}, Checkpoints: sla.Share{Met: 1, Due: 2}, Completed: 2, Terminated: 1,
				BESTAcknowledge: sla.Share{Met: 1, Due: 1}, BESTResult: sla.Share{Due: 1}})},
			{"empty total", successOut("", "", sla.SuccessLevel{})},
		},
		"Backlog": {
			{"ungrouped", BacklogOut(app.Backlog{Query: app.BacklogQuery{From: "2026-11-01", To: "2026-11-02", By: "day", Baseline: 5785, BaselineDate: "2020-09-30"},
				Points: []app.BacklogPoint{{Date: "2026-11-01", Pending: 10}, {Date: "2026-11-02", Pending: 0}}})},
			{"grouped", BacklogOut(app.Backlog{Query: app.BacklogQuery{From: "2026-01-01", To: "2026-11-30", By: "month", Group: "unit", Unit: "D1038", Baseline: 1, BaselineDate: "x"},
				Points: []app.BacklogPoint{{Date: "2026-01-31", Group: "D1038", Pending: 3}}})},
			{"empty", BacklogOut(app.Backlog{Query: app.BacklogQuery{From: "2026-11-01", To: "2026-11-01", By: "day", Baseline: 5785, BaselineDate: "2020-09-30"}})},
		},
	}
	if per, err := sla.ParsePeriod("2569-Q1"); err != nil {
		t.Error(err)
	} else {
		rep := app.SuccessReport{Period: per, AsOf: later, Units: []app.UnitSuccess{{UnitCode: "D1038", Level: sla.SuccessLevel{Received: 1, Acknowledge: sla.Share{Met: 1, Due: 1}}}}}
		checks["SuccessReport"] = []value{
			{"one unit", SuccessReportOut(app.New(nil, ref), rep)},
			{"no units", SuccessReportOut(app.New(nil, ref), app.SuccessReport{Period: per, AsOf: later})},
		}
	}
	for _, u := range ref.Units {
		checks["Unit"] = append(checks["Unit"], value{u.Code, u})
	}
	for i, r := range ref.Routing {
		checks["RoutingRule"] = append(checks["RoutingRule"], value{strconv.Itoa(i), r})
	}
	checks["RoutingRule"] = append(checks["RoutingRule"], value{"district", reference.RoutingRule{CategoryCode: 4, DistrictCode: 1050, UnitCode: "BENV", SectionCode: "WASTE"}})
	for _, cat := range ref.Categories {
		for _, d := range []int{0, 1001, 1050} {
			checks["Target"] = append(checks["Target"], value{fmt.Sprint(cat.Code, "/", d), reference.Resolve(ref.Routing, cat.Code, d)})
		}
	}
	for _, typ := range []cases.EventType{cases.EventCreated, cases.EventForwarded, cases.EventImported, cases.EventReminder} {
		checks["Event"] = append(checks["Event"], value{string(typ), eventOut(cases.Event{Type: typ, At: at, ActorName: "x"})})
	}
	// Every action from every status, as Apply records it.
	for _, st := range cases.Statuses {
		for _, a := range cases.Actions {
			c := full
			c.Status, c.Result, c.Termination = st, nil, nil
			cmd := cases.Command{Action: a, UnitCode: "D1001", SectionCode: "WORKS", OfficerID: 9, Text: "t", Reason: "r",
				ResultType: "fixed", TerminationReason: "duplicate"}
			next, ev, err := cases.Apply(c, cmd, cases.Actor{ID: 1, Name: "n", Role: "head", Unit: "D1038"}, later)
			if err != nil {
				continue
			}
			checks["ActionResponse"] = append(checks["ActionResponse"], value{string(st) + "/" + string(a), actionResponse{Case: caseOut(ref, next, later), Event: eventOut(ev)}})
		}
	}

	// The handlers that need no store run for real.
	srv := &Server{app: app.New(nil, ref), log: slog.New(slog.DiscardHandler)}
	run := func(h func(*Server, http.ResponseWriter, *http.Request), r *http.Request) any {
		rec := httptest.NewRecorder()
		h(srv, rec, r)
		return json.RawMessage(rec.Body.Bytes())
	}
	get := func(path string) *http.Request { return httptest.NewRequest("GET", path, nil) }
	checks["Reference"] = append(checks["Reference"], value{"referenceGet", run((*Server).referenceGet, get("/api/v1/reference"))})
	me := get("/api/v1/me")
	me = me.WithContext(withPrincipal(me.Context(), auth.Principal{UserID: 1, Username: "op", Name: "คุณ op", Role: auth.RoleOperator, Unit: "CENTRE"}))
	checks["User"] = append(checks["User"], value{"meGet", run((*Server).meGet, me)})
	checks["HealthStatus"] = []value{{"health", run((*Server).health, get("/healthz"))}}
	for _, err := range []error{
		apperr.Invalid("description", "required", "description is required", "กรุณากรอกรายละเอียดเรื่อง"),
		apperr.Unauthenticated("authentication required", "กรุณาเข้าสู่ระบบ"),
		apperr.Forbidden("no", "ไม่ได้"),
		apperr.NotFound("case"),
		apperr.Conflict("version_conflict", "stale", "ข้อมูลเก่า"),
		apperr.Rule("transition_not_allowed", "no", "ไม่ได้"),
		apperr.RateLimited("slow down", "ช้าลง"),
		apperr.Internal(errors.New("disk full")),
		errPanic,
		notFoundRoute(),
	} {
		h := func(s *Server, w http.ResponseWriter, r *http.Request) { s.writeError(w, r, err) }
		checks["Error"] = append(checks["Error"], value{apperr.As(err).Code, run(h, get("/api/v1/cases"))})
	}
	for _, body := range []string{"", "{", `{"x":1}`, `{"description":1}`, `{} {}`, `[]`} {
		h := func(s *Server, w http.ResponseWriter, r *http.Request) {
			var in caseCreateRequest
			s.writeError(w, r, decode(w, r, &in))
		}
		checks["Error"] = append(checks["Error"], value{"decode " + body, run(h, httptest.NewRequest("POST", "/api/v1/cases", strings.NewReader(body)))})
	}

	for _, schema := range openAPISorted(checks) {
		for _, c := range checks[schema] {
			t.Run(schema+"/"+c.name, func(t *testing.T) {
				b, err := json.Marshal(c.value)
				if err != nil {
					t.Fatal(err)
				}
				v.validate(t, schema, b)
			})
		}
	}
}

// TestOpenAPIRequestExamples validates request bodies the server accepts against the request
// schemas, and the examples of the document against their schemas.
func TestOpenAPIRequestExamples(t *testing.T) {
	v := openAPIValidator(t)
	version := 3
	lat, lon := 13.7946, 100.6086
	for _, c := range []struct {
		schema string
		value  any
	}{
		{"LoginRequest", loginRequest{Username: "operator", Password: "correct horse battery"}},
		{"UserCreateRequest", userCreateRequest{Username: "somchai.k", DisplayName: "สมชาย", Role: "officer", UnitCode: "D1038", Password: "correct horse battery"}},
		{"TokenCreateRequest", tokenCreateRequest{Name: "ci"}},
		{"CoordinatorRequest", coordinatorRequest{Title: "นาย", FirstName: "สมชาย", LastName: "ใจดี", Position: "p", Section: "s",
			OfficePhone: "025141234", MobilePhone: "0812345678", LineID: "somchai", LineDisplayName: "สมชาย"}},
		{"RoutingRuleRequest", routingRequest{ToDistrictOffice: true, SectionCode: "WORKS"}},
		{"CaseCreateRequest", caseCreateRequest{Channel: "hotline", Kind: "complaint", CategoryCode: 6, Description: "ถนนเป็นหลุม",
			Location: cases.Location{Lat: &lat, Lon: &lon, Address: "a", DistrictCode: 1038},
			Citizen:  &app.CitizenInput{ID: 1, Name: "n", Phone: "0812345678", Email: "a@example.com"},
			BEST:     true, AutoRoute: true, ForwardTo: "D1038", ForwardSection: "WORKS"}},
		{"ActionRequest", actionRequest{UnitCode: "D1038", SectionCode: "WORKS", OfficerID: 9, Text: "t", Reason: "r", Public: true,
			ResultType: "law_prevents", Law: "l", TerminationReason: "duplicate", IfVersion: &version}},
		{"ActionRequest", actionRequest{ResultType: "fixed", TerminationReason: "other"}},
		{"HolidayRequest", holidayRequest{Date: "2026-12-31", NameTH: "วันหยุดพิเศษ", NameEN: "Special holiday", Kind: "special"}},
		{"SLATargetRequest", slaTargetRequest{UnitCode: "D1038", CategoryCode: 4, AckDays: 1, FirstProgressDays: 3, BESTAckMinutes: 30, BESTResultMinutes: 1440, CheckpointDays: []int{15, 30}}},
		{"SLATargetRequest", slaTargetRequest{CategoryCode: 4, BESTAckMinutes: 30, BESTResultMinutes: 1440}},
	} {
		t.Run(c.schema, func(t *testing.T) {
			b, err := json.Marshal(c.value)
			if err != nil {
				t.Fatal(err)
			}
			v.validate(t, c.schema, b)
		})
	}
	// A null if_version (the Go *int) is accepted.
	t.Run("ActionRequest/null", func(t *testing.T) { v.validate(t, "ActionRequest", []byte(`{"if_version":null}`)) })
	t.Run("ActionRequest/empty", func(t *testing.T) { v.validate(t, "ActionRequest", []byte(`{}`)) })
	for name, s := range openAPIMap(openAPIMap(v.doc["components"])["schemas"]) {
		if ex, ok := openAPIMap(s)["example"]; ok {
			t.Run("example "+name, func(t *testing.T) {
				b, _ := json.Marshal(ex)
				v.validate(t, name, b)
			})
		}
	}
}

// TestOpenAPIServerWalk calls every route of a real server (on SQLite) and checks each
// answer against the document: the status is documented for the operation, a JSON body
// validates against the documented schema, the documented headers are present, and a body
// the server accepted validates against the documented request schema.
func TestOpenAPIServerWalk(t *testing.T) {
	v := openAPIValidator(t)
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "openapi.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	ref := reference.MustLoad()
	if err := st.SyncReference(ctx, ref); err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.DiscardHandler)
	now := time.Date(2026, 11, 20, 2, 0, 0, 0, time.UTC) // fiscal 2570-Q1, for the reports
	a := app.New(st, ref, app.WithHasher(auth.Hasher{P: auth.TestParams}), app.WithLogger(log), app.WithClock(func() time.Time { return now }))
	srv := New(a, log)
	handler := srv.Handler()
	tokens := map[string]string{}
	const password = "correct horse battery"
	for _, u := range []struct {
		name string
		role auth.Role
		unit string
	}{
		{"operator", auth.RoleOperator, "CENTRE"},
		{"supervisor", auth.RoleSupervisor, "CENTRE"},
		{"admin", auth.RoleAdmin, "CENTRE"},
		{"executive", auth.RoleExecutive, "GOV"},
		{"coord1038", auth.RoleCoordinator, "D1038"},
		{"head1038", auth.RoleHead, "D1038"},
		{"officer1038", auth.RoleOfficer, "D1038"},
		{"coord1001", auth.RoleCoordinator, "D1001"},
	} {
		if _, err := a.CreateUserSystem(ctx, app.NewUser{Username: u.name, DisplayName: "คุณ " + u.name, Role: u.role, UnitCode: u.unit, Password: password}); err != nil {
			t.Fatal(err)
		}
		if tokens[u.name], err = a.IssueToken(ctx, u.name, "test"); err != nil {
			t.Fatal(err)
		}
	}

	// patterns finds the route of a request the way the server's mux does.
	patterns := http.NewServeMux()
	for _, r := range routes {
		patterns.Handle(r.method+" "+r.pattern, http.NotFoundHandler())
	}
	succeeded := map[string]bool{}
	type answer struct {
		status int
		header http.Header
		body   map[string]any
	}
	call := func(h http.Handler, method, path, user string, body any, want int, headers ...string) answer {
		t.Helper()
		var raw []byte
		switch b := body.(type) {
		case nil:
		case string:
			raw = []byte(b)
		default:
			if raw, err = json.Marshal(b); err != nil {
				t.Fatal(err)
			}
		}
		req := httptest.NewRequest(method, path, bytes.NewReader(raw))
		if raw != nil {
			req.Header.Set("Content-Type", "application/json")
		}
		switch {
		case strings.HasPrefix(user, "cookie:"):
			req.AddCookie(&http.Cookie{Name: SessionCookie, Value: strings.TrimPrefix(user, "cookie:")})
		case user != "":
			req.Header.Set("Authorization", "Bearer "+tokens[user])
		}
		for i := 0; i+1 < len(headers); i += 2 {
			req.Header.Set(headers[i], headers[i+1])
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		res := rec.Result()
		got := answer{status: res.StatusCode, header: res.Header}
		where := fmt.Sprintf("%s %s as %q → %d", method, path, user, res.StatusCode)
		if res.StatusCode != want {
			t.Errorf("%s, want %d: %s", where, want, openAPIShort(rec.Body.Bytes()))
		}
		_, pattern := patterns.Handler(req)
		op := openAPIMap(openAPIMap(openAPIMap(v.doc["paths"])[strings.TrimPrefix(pattern, method+" ")])[strings.ToLower(method)])
		if op == nil {
			t.Errorf("%s: no documented operation for %q", where, pattern)
			return got
		}
		if res.StatusCode/100 == 2 {
			succeeded[pattern] = true
			if raw != nil {
				s, _ := openAPIMap(openAPIMap(openAPIMap(openAPIDeref(v.doc, op["requestBody"])["content"])["application/json"])["schema"])["$ref"].(string)
				v.validate(t, strings.TrimPrefix(s, "#/components/schemas/"), raw)
			}
		}
		resp := openAPIDeref(v.doc, openAPIMap(op["responses"])[strconv.Itoa(res.StatusCode)])
		if resp == nil {
			t.Errorf("%s: status %d is not documented: %s", where, res.StatusCode, openAPIShort(rec.Body.Bytes()))
			return got
		}
		for name := range openAPIMap(resp["headers"]) {
			if res.Header.Get(name) == "" {
				t.Errorf("%s: documented header %s is missing", where, name)
			}
		}
		content := openAPIMap(resp["content"])
		if rec.Body.Len() == 0 {
			if len(content) != 0 {
				t.Errorf("%s: documented with a body, answered with none", where)
			}
			return got
		}
		mt, _, _ := mime.ParseMediaType(res.Header.Get("Content-Type"))
		media := openAPIMap(content[mt])
		if media == nil {
			t.Errorf("%s: content type %q is not documented", where, mt)
			return got
		}
		if mt == "application/json" {
			if ref, _ := openAPIMap(media["schema"])["$ref"].(string); ref != "" {
				v.validate(t, strings.TrimPrefix(ref, "#/components/schemas/"), rec.Body.Bytes())
			}
			_ = json.Unmarshal(rec.Body.Bytes(), &got.body)
		}
		return got
	}
	str := func(m map[string]any, k string) string { s, _ := m[k].(string); return s }

	call(handler, "GET", "/healthz", "", nil, 200)
	call(handler, "GET", "/readyz", "", nil, 200)
	down := New(a, log)
	down.ready = func(context.Context) error { return errors.New("down") }
	call(down.Handler(), "GET", "/readyz", "", nil, 503)
	call(handler, "GET", "/api/v1/openapi.json", "", nil, 200)

	// Sessions.
	call(handler, "POST", "/api/v1/session", "", map[string]any{"username": "operator", "pass": "x"}, 400)
	call(handler, "POST", "/api/v1/session", "", loginRequest{Username: "supervisor", Password: "wrong password"}, 401)
	login := call(handler, "POST", "/api/v1/session", "", loginRequest{Username: "operator", Password: password}, 200)
	var session string
	for _, c := range (&http.Response{Header: login.header}).Cookies() {
		if c.Name == SessionCookie {
			session = c.Value
		}
	}
	call(handler, "GET", "/api/v1/me", "cookie:"+session, nil, 200)
	call(handler, "DELETE", "/api/v1/session", "cookie:"+session, nil, 204)
	call(handler, "GET", "/api/v1/me", "cookie:"+session, nil, 401)
	call(handler, "DELETE", "/api/v1/session", "", nil, 403, "Sec-Fetch-Site", "cross-site")
	for range app.MaxLoginFailures {
		call(handler, "POST", "/api/v1/session", "", loginRequest{Username: "executive", Password: "wrong password"}, 401)
	}
	call(handler, "POST", "/api/v1/session", "", loginRequest{Username: "executive", Password: password}, 429)
	call(handler, "GET", "/api/v1/me", "", nil, 401)
	call(handler, "GET", "/api/v1/me", "operator", nil, 200)

	// Reference data, units and coordinators.
	call(handler, "GET", "/api/v1/reference", "operator", nil, 200)
	call(handler, "GET", "/api/v1/units", "operator", nil, 200)
	call(handler, "GET", "/api/v1/units/D1038/coordinators", "operator", nil, 200)
	call(handler, "GET", "/api/v1/units/NOPE/coordinators", "operator", nil, 404)
	coordinator := coordinatorRequest{Title: "นาย", FirstName: "สมชาย", LastName: "ใจดี", Position: "หัวหน้าฝ่ายโยธา", Section: "ฝ่ายโยธา",
		OfficePhone: "02-514-1234", MobilePhone: "081-234-5678", LineID: "somchai", LineDisplayName: "สมชาย"}
	call(handler, "PUT", "/api/v1/units/D1038/coordinators/main", "head1038", coordinator, 200)
	call(handler, "PUT", "/api/v1/units/D1038/coordinators/best", "head1038", coordinatorRequest{FirstName: "สมหญิง", LineID: "somying"}, 200)
	call(handler, "PUT", "/api/v1/units/D1038/coordinators/main", "head1038", coordinatorRequest{LastName: "x"}, 400)
	call(handler, "PUT", "/api/v1/units/D1038/coordinators/main", "operator", coordinator, 403)
	call(handler, "PUT", "/api/v1/units/NOPE/coordinators/main", "admin", coordinator, 404)
	call(handler, "GET", "/api/v1/units/D1038/coordinators", "operator", nil, 200)
	call(handler, "GET", "/api/v1/coordinators", "operator", nil, 200)

	// Routing.
	call(handler, "GET", "/api/v1/routing-rules", "operator", nil, 200)
	call(handler, "PUT", "/api/v1/routing-rules/4/1001", "admin", routingRequest{UnitCode: "BENV", SectionCode: "WASTE"}, 200)
	call(handler, "PUT", "/api/v1/routing-rules/4/0", "admin", routingRequest{ToDistrictOffice: true, SectionCode: "CLEAN"}, 200)
	call(handler, "PUT", "/api/v1/routing-rules/99/0", "admin", routingRequest{UnitCode: "BENV"}, 400)
	call(handler, "PUT", "/api/v1/routing-rules/4/1001", "operator", routingRequest{UnitCode: "BENV"}, 403)
	call(handler, "GET", "/api/v1/routing?category=4&district=1001", "operator", nil, 200)
	call(handler, "GET", "/api/v1/routing?category=4", "operator", nil, 200)
	call(handler, "GET", "/api/v1/routing?district=1001", "operator", nil, 400)
	call(handler, "DELETE", "/api/v1/routing-rules/4/1001", "admin", nil, 204)
	call(handler, "DELETE", "/api/v1/routing-rules/4/1001", "admin", nil, 404)
	call(handler, "DELETE", "/api/v1/routing-rules/4/0", "operator", nil, 403)
	call(handler, "DELETE", "/api/v1/routing-rules/4/7", "admin", nil, 400)

	// Users and tokens.
	call(handler, "GET", "/api/v1/users", "admin", nil, 200)
	call(handler, "GET", "/api/v1/users", "head1038", nil, 200)
	call(handler, "GET", "/api/v1/users", "officer1038", nil, 403)
	newUser := userCreateRequest{Username: "somchai.k", DisplayName: "สมชาย", Role: "officer", UnitCode: "D1038", Password: password}
	call(handler, "POST", "/api/v1/users", "admin", newUser, 201)
	call(handler, "POST", "/api/v1/users", "admin", newUser, 409)
	call(handler, "POST", "/api/v1/users", "operator", newUser, 403)
	call(handler, "POST", "/api/v1/users", "admin", userCreateRequest{Username: "x", Role: "boss", UnitCode: "D1038", Password: password}, 400)
	tok := call(handler, "POST", "/api/v1/tokens", "operator", tokenCreateRequest{Name: "ci"}, 201)
	call(handler, "POST", "/api/v1/tokens", "operator", tokenCreateRequest{Name: "x"}, 403, "Sec-Fetch-Site", "cross-site")
	call(handler, "POST", "/api/v1/tokens", "operator", `{"name": 1}`, 400)
	call(handler, "GET", "/api/v1/tokens", "operator", nil, 200)
	tokenID := fmt.Sprint(tok.body["id"])
	call(handler, "DELETE", "/api/v1/tokens/"+tokenID, "operator", nil, 204)
	call(handler, "DELETE", "/api/v1/tokens/"+tokenID, "operator", nil, 404)
	call(handler, "GET", "/api/v1/tokens", "operator", nil, 200)

	// Cases.
	newCase := caseCreateRequest{Channel: "hotline", Kind: "complaint", CategoryCode: 6, Description: "ถนนเป็นหลุมลึกหน้าซอยลาดพร้าว 101",
		Location: cases.Location{Address: "ซอยลาดพร้าว 101", DistrictCode: 1038},
		Citizen:  &app.CitizenInput{Name: "สมศรี มีสุข", Phone: "081-234-5678", Email: "somsri@example.com"}, BEST: true, AutoRoute: true}
	created := call(handler, "POST", "/api/v1/cases", "operator", newCase, 201, "Idempotency-Key", "k1")
	call(handler, "POST", "/api/v1/cases", "operator", newCase, 200, "Idempotency-Key", "k1")
	other := newCase
	other.Description = "อีกเรื่อง"
	call(handler, "POST", "/api/v1/cases", "operator", other, 422, "Idempotency-Key", "k1")
	call(handler, "POST", "/api/v1/cases", "operator", map[string]any{"channel": "hotline", "color": "red"}, 400)
	call(handler, "POST", "/api/v1/cases", "executive", newCase, 403)
	receipt := str(created.body, "receipt")
	anon := call(handler, "POST", "/api/v1/cases", "operator", caseCreateRequest{Channel: "line", Kind: "suggestion", CategoryCode: 23, Description: "ข้อเสนอ", Anonymous: true}, 201)
	call(handler, "GET", "/api/v1/cases", "supervisor", nil, 200)
	call(handler, "GET", "/api/v1/cases?status=new,forwarded&district=1038&category=6&channel=hotline&best=true&created_from=2020-01-01&created_to=2099-01-01T00:00:00Z&limit=1", "supervisor", nil, 200)
	call(handler, "GET", "/api/v1/cases?overdue=false&sort=due", "supervisor", nil, 200)
	call(handler, "GET", "/api/v1/cases?overdue=true&sort=newest", "supervisor", nil, 200)
	call(handler, "GET", "/api/v1/cases?sort=oldest", "supervisor", nil, 400)
	call(handler, "GET", "/api/v1/cases?limit=500", "supervisor", nil, 400)
	call(handler, "GET", "/api/v1/cases?colour=red", "supervisor", nil, 400)
	call(handler, "GET", "/api/v1/cases/"+receipt, "operator", nil, 200)
	call(handler, "GET", "/api/v1/cases/"+receipt, "executive", nil, 200)
	call(handler, "GET", "/api/v1/cases/2569-999999", "operator", nil, 404)
	call(handler, "GET", "/api/v1/cases/"+receipt+"/events", "operator", nil, 200)
	call(handler, "GET", "/api/v1/cases/2569-999999/events", "operator", nil, 404)
	call(handler, "GET", "/api/v1/cases/"+receipt, "coord1001", nil, 403)
	call(handler, "GET", "/api/v1/cases/"+receipt+"/events", "coord1001", nil, 403)
	secret := call(handler, "POST", "/api/v1/cases", "operator", map[string]any{"channel": "letter", "category_code": 19, "description": "แจ้งเบาะแส",
		"confidential": true, "forward_to": "D1038", "forward_section": "ADMIN"}, 201)
	call(handler, "GET", "/api/v1/cases/"+str(secret.body, "receipt"), "coord1001", nil, 404)
	call(handler, "GET", "/api/v1/cases/"+str(secret.body, "receipt")+"/events", "coord1001", nil, 404)
	call(handler, "POST", "/api/v1/cases/"+str(secret.body, "receipt")+"/actions/note", "coord1001", map[string]any{"text": "x"}, 404)
	call(handler, "POST", "/api/v1/cases/"+receipt+"/actions/note", "coord1001", map[string]any{"text": "x"}, 403)
	act := func(r, action, user string, body any, want int, headers ...string) answer {
		t.Helper()
		return call(handler, "POST", "/api/v1/cases/"+r+"/actions/"+action, user, body, want, headers...)
	}
	ack := act(receipt, "acknowledge", "coord1038", nil, 200)
	act(receipt, "note", "coord1038", map[string]any{"text": "x"}, 409, "If-Match", `"1"`)
	act(receipt, "note", "coord1038", map[string]any{"text": "รับทราบ", "public": true}, 200, "If-Match", ack.header.Get("ETag"))
	act(receipt, "fly", "coord1038", nil, 404)
	act(receipt, "approve", "head1038", nil, 422)
	act(receipt, "note", "executive", map[string]any{"text": "x"}, 403)
	act(receipt, "progress", "officer1038", map[string]any{}, 400)
	act(receipt, "assign", "coord1038", map[string]any{"section_code": "WORKS"}, 200)
	act(receipt, "progress", "officer1038", map[string]any{"text": "กำลังซ่อม", "public": true}, 200)
	act(receipt, "await_citizen", "officer1038", map[string]any{"reason": "รอภาพถ่ายเพิ่มเติม", "text": "ขอภาพถ่ายจุดเกิดเหตุ"}, 200)
	act(receipt, "await_citizen", "officer1038", map[string]any{"reason": "x"}, 422)
	call(handler, "GET", "/api/v1/cases/"+receipt, "officer1038", nil, 200)
	resumed := act(receipt, "resume", "officer1038", nil, 200)
	version, _ := strconv.Atoi(strings.Trim(resumed.header.Get("ETag"), `"`))
	act(receipt, "propose_result", "officer1038", map[string]any{"result_type": "fixed", "text": "ซ่อมแล้ว", "if_version": version}, 200)
	act(receipt, "approve", "head1038", nil, 200)
	act(receipt, "reopen", "operator", map[string]any{"reason": "ยังเป็นหลุม"}, 200)
	act("2569-999999", "note", "operator", map[string]any{"text": "x"}, 404)
	anonReceipt := str(anon.body, "receipt")
	act(anonReceipt, "terminate", "supervisor", map[string]any{"termination_reason": "anonymous_no_evidence"}, 200)

	// Search, duplicates at intake, links, repeat complaints and suggestions.
	call(handler, "GET", "/api/v1/cases?q=หลุม+ลาดพร้าว&district=1038", "supervisor", nil, 200)
	call(handler, "GET", "/api/v1/cases?q="+receipt, "operator", nil, 200)
	call(handler, "GET", "/api/v1/cases?q="+strings.Repeat("ก", 201), "operator", nil, 400)
	call(handler, "POST", "/api/v1/cases/duplicates", "operator", newCase, 200)
	call(handler, "POST", "/api/v1/cases/duplicates", "executive", newCase, 403)
	call(handler, "POST", "/api/v1/cases/duplicates", "operator", caseCreateRequest{CategoryCode: 99}, 400)
	again := str(call(handler, "POST", "/api/v1/cases", "operator", newCase, 201).body, "receipt")
	act(again, "link_duplicate", "operator", map[string]any{}, 400)
	act(again, "link_duplicate", "operator", map[string]any{"of": again}, 422)
	act(again, "link_duplicate", "operator", map[string]any{"of": receipt}, 200)
	act(again, "unlink_duplicate", "operator", map[string]any{"of": receipt}, 200)
	act(again, "link_duplicate", "operator", map[string]any{"of": receipt}, 200)
	call(handler, "GET", "/api/v1/reports/repeats", "supervisor", nil, 200)
	call(handler, "GET", "/api/v1/reports/repeats?from=soon", "supervisor", nil, 400)
	call(handler, "POST", "/api/v1/suggest", "operator", suggestRequest{Description: "ถนนเป็นหลุม"}, 422)
	if _, err := a.Train(ctx, app.TrainOptions{}); err != nil {
		t.Fatal(err)
	}
	lat, lon := 13.7946, 100.6086
	call(handler, "POST", "/api/v1/suggest", "operator", suggestRequest{Description: "ถนนเป็นหลุม", Lat: &lat, Lon: &lon}, 200)
	call(handler, "POST", "/api/v1/suggest", "operator", suggestRequest{}, 400)
	call(handler, "POST", "/api/v1/suggest", "executive", suggestRequest{Description: "x"}, 403)
	call(handler, "GET", "/api/v1/cases/"+anonReceipt, "supervisor", nil, 200)
	call(handler, "GET", "/api/v1/cases/"+receipt+"/events", "operator", nil, 200)

	// Citizens.
	view := call(handler, "GET", "/api/v1/cases/"+receipt, "operator", nil, 200)
	citizenID := fmt.Sprint(view.body["citizen_id"])
	call(handler, "GET", "/api/v1/citizens/"+citizenID+"?purpose="+receipt, "operator", nil, 200)
	call(handler, "GET", "/api/v1/citizens/"+citizenID+"?purpose="+strings.Repeat("x", 201), "operator", nil, 400)
	call(handler, "GET", "/api/v1/citizens/"+citizenID, "admin", nil, 403)
	call(handler, "GET", "/api/v1/citizens/abc", "operator", nil, 404)
	call(handler, "GET", "/api/v1/citizens/"+citizenID+"/access-log", "supervisor", nil, 200)
	call(handler, "GET", "/api/v1/citizens/"+citizenID+"/access-log", "operator", nil, 403)
	call(handler, "GET", "/api/v1/citizens/abc/access-log", "supervisor", nil, 404)

	// Deadlines: the calendar, the targets and the outbox.
	call(handler, "GET", "/api/v1/holidays", "operator", nil, 200)
	call(handler, "GET", "/api/v1/holidays?year=1999", "operator", nil, 400)
	call(handler, "POST", "/api/v1/holidays", "admin", holidayRequest{Date: "2026-12-31", NameTH: "วันหยุดพิเศษ", NameEN: "Special holiday", Kind: "special"}, 201)
	call(handler, "POST", "/api/v1/holidays", "admin", map[string]any{"date": "2026-12-30", "name_th": "วันหยุดพิเศษ"}, 201)
	call(handler, "POST", "/api/v1/holidays", "admin", holidayRequest{Date: "31/12/2026", NameTH: "x"}, 400)
	call(handler, "POST", "/api/v1/holidays", "operator", holidayRequest{Date: "2026-12-31", NameTH: "x"}, 403)
	call(handler, "GET", "/api/v1/holidays?year=2026", "operator", nil, 200)
	call(handler, "DELETE", "/api/v1/holidays/2026-12-31", "operator", nil, 403)
	call(handler, "DELETE", "/api/v1/holidays/2026-12-31", "admin", nil, 204)
	call(handler, "DELETE", "/api/v1/holidays/2026-12-31", "admin", nil, 404)
	call(handler, "GET", "/api/v1/sla-targets", "operator", nil, 200)
	call(handler, "PUT", "/api/v1/sla-targets", "admin", slaTargetRequest{UnitCode: "D1038", AckDays: 2, FirstProgressDays: 5, BESTAckMinutes: 60, BESTResultMinutes: 2880, CheckpointDays: []int{15, 30}}, 200)
	call(handler, "PUT", "/api/v1/sla-targets", "admin", map[string]any{"category_code": 4, "ack_working_days": 1, "first_progress_working_days": 3, "best_ack_minutes": 30, "best_result_minutes": 1440}, 200)
	call(handler, "PUT", "/api/v1/sla-targets", "admin", slaTargetRequest{UnitCode: "D1038"}, 400)
	call(handler, "PUT", "/api/v1/sla-targets", "operator", slaTargetRequest{UnitCode: "D1038", BESTAckMinutes: 60, BESTResultMinutes: 60}, 403)
	call(handler, "GET", "/api/v1/sla-targets", "operator", nil, 200)
	call(handler, "DELETE", "/api/v1/sla-targets?unit=D1038", "operator", nil, 403)
	call(handler, "DELETE", "/api/v1/sla-targets?unit=D1038", "admin", nil, 204)
	call(handler, "DELETE", "/api/v1/sla-targets?unit=D1038", "admin", nil, 404)
	call(handler, "DELETE", "/api/v1/sla-targets?category=99", "admin", nil, 400)
	call(handler, "GET", "/api/v1/outbox", "admin", nil, 200)
	call(handler, "GET", "/api/v1/cases/export?format=csv&personal=true", "operator", nil, 200)
	call(handler, "GET", "/api/v1/cases/export?format=xlsx&channel=hotline", "executive", nil, 200)
	call(handler, "GET", "/api/v1/cases/export?personal=true", "executive", nil, 403)
	call(handler, "GET", "/api/v1/cases/export?format=pdf", "operator", nil, 400)
	call(handler, "GET", "/api/v1/audit-log", "supervisor", nil, 200)
	call(handler, "GET", "/api/v1/audit-log?limit=0", "supervisor", nil, 400)
	call(handler, "GET", "/api/v1/audit-log", "operator", nil, 403)
	call(handler, "GET", "/api/v1/reports/sla?period=2569-Q1&format=xlsx", "executive", nil, 200)
	call(handler, "GET", "/api/v1/reports/sla?period=2569-Q1&format=pdf", "executive", nil, 400)
	call(handler, "GET", "/api/v1/reports/stats?from=2026-01-01&to=2026-12-31", "executive", nil, 200)
	call(handler, "GET", "/api/v1/reports/stats?from=2026-12-31&to=2026-01-01", "executive", nil, 400)
	call(handler, "GET", "/api/v1/reports/channels?from=2026-01-01&to=2026-12-31", "executive", nil, 200)
	call(handler, "GET", "/api/v1/reports/channels", "head1038", nil, 403)
	call(handler, "GET", "/api/v1/reports/channels?from=x", "executive", nil, 400)
	call(handler, "GET", "/api/v1/public/stats", "", nil, 200)
	call(handler, "GET", "/api/v1/public/stats?from=nope", "", nil, 400)
	call(handler, "GET", "/api/v1/reports/monthly?unit=D1038&period=2569-10", "head1038", nil, 200)
	call(handler, "GET", "/api/v1/reports/monthly?unit=D1038&period=2569-10&format=html", "head1038", nil, 200)
	call(handler, "GET", "/api/v1/reports/monthly?unit=D1038&period=2569-10&format=xlsx", "head1038", nil, 200)
	call(handler, "GET", "/api/v1/reports/monthly?unit=D1001&period=2569-10", "head1038", nil, 403)
	call(handler, "GET", "/api/v1/reports/monthly?unit=D1038&period=2569", "head1038", nil, 400)
	call(handler, "PUT", "/api/v1/reports/monthly/D1038/2569-10", "head1038", monthlySubmitRequest{Notable: "ถนนทรุด", Obstacles: "งบประมาณ"}, 200)
	call(handler, "PUT", "/api/v1/reports/monthly/D1038/2569-10", "officer1038", monthlySubmitRequest{}, 403)
	call(handler, "PUT", "/api/v1/reports/monthly/D1038/2600-12", "head1038", monthlySubmitRequest{}, 422)
	call(handler, "PUT", "/api/v1/reports/monthly/D1038/oct", "head1038", monthlySubmitRequest{}, 400)
	call(handler, "GET", "/api/v1/reports/monthly?unit=D1038&period=2569-10", "head1038", nil, 200)
	call(handler, "GET", "/api/v1/reports/monthly-status?period=2569-10", "executive", nil, 200)
	call(handler, "GET", "/api/v1/reports/monthly-status?period=2569-10", "head1038", nil, 403)
	call(handler, "GET", "/api/v1/reports/monthly-status?period=x", "executive", nil, 400)
	call(handler, "GET", "/api/v1/visits", "supervisor", nil, 200)
	call(handler, "GET", "/api/v1/visits", "officer1038", nil, 403)
	visit := call(handler, "POST", "/api/v1/visits", "supervisor", visitCreateRequest{Number: 15, Date: "2022-11-12", DistrictCode: 1004, Title: "บางรัก"}, 201)
	call(handler, "POST", "/api/v1/visits", "supervisor", visitCreateRequest{Number: 15, Date: "2022-11-12", DistrictCode: 1004}, 409)
	call(handler, "POST", "/api/v1/visits", "supervisor", visitCreateRequest{Number: 16, Date: "12/11/2565", DistrictCode: 1004}, 400)
	call(handler, "POST", "/api/v1/visits", "officer1038", visitCreateRequest{Number: 17, Date: "2022-11-12", DistrictCode: 1004}, 403)
	vpath := "/api/v1/visits/" + strconv.FormatInt(int64(visit.body["id"].(float64)), 10)
	call(handler, "GET", vpath, "executive", nil, 200)
	call(handler, "GET", "/api/v1/visits/999", "executive", nil, 404)
	call(handler, "GET", "/api/v1/visits", "supervisor", nil, 200)
	call(handler, "PUT", vpath+"/milestones/3/1", "supervisor", milestoneRequest{Date: "2022-11-20", Note: "แจ้งเขตแล้ว"}, 200)
	call(handler, "PUT", vpath+"/milestones/3/1", "supervisor", milestoneRequest{Date: "x"}, 400)
	call(handler, "PUT", vpath+"/milestones/9/1", "supervisor", milestoneRequest{Date: "2022-11-20"}, 404)
	call(handler, "PUT", vpath+"/milestones/3/1", "executive", milestoneRequest{Date: "2022-11-20"}, 403)
	pct := 30
	call(handler, "POST", vpath+"/notes", "supervisor", visitNoteRequest{Date: "2022-11-29", Progress: &pct, Text: "ครั้งที่ 15 เขตบางรัก 1 เรื่อง"}, 201)
	call(handler, "POST", vpath+"/notes", "supervisor", visitNoteRequest{Date: "2022-11-29", Text: ""}, 400)
	call(handler, "POST", vpath+"/notes", "executive", visitNoteRequest{Date: "2022-11-29", Text: "x"}, 403)
	call(handler, "POST", "/api/v1/visits/999/notes", "supervisor", visitNoteRequest{Date: "2022-11-29", Text: "x"}, 404)
	call(handler, "POST", vpath+"/cases", "supervisor", visitCaseRequest{Receipt: "2569-000001"}, 200)
	call(handler, "POST", vpath+"/cases", "supervisor", visitCaseRequest{Receipt: "2569-000001"}, 409)
	call(handler, "POST", vpath+"/cases", "supervisor", visitCaseRequest{Receipt: "nope"}, 400)
	call(handler, "POST", vpath+"/cases", "executive", visitCaseRequest{Receipt: "2569-000001"}, 403)
	call(handler, "POST", "/api/v1/visits/999/cases", "supervisor", visitCaseRequest{Receipt: "2569-000001"}, 404)
	call(handler, "GET", "/api/v1/outbox?status=pending&unit=D1038&limit=10", "head1038", nil, 200)
	call(handler, "GET", "/api/v1/outbox?status=lost", "admin", nil, 400)
	call(handler, "GET", "/api/v1/outbox?unit=D1001", "head1038", nil, 403)
	call(handler, "GET", "/api/v1/outbox", "officer1038", nil, 403)

	// Channels, conversations and citizen profiles.
	walkChannels(t, st, a, srv, func(method, path, user string, body any, want int, headers ...string) map[string]any {
		t.Helper()
		return call(handler, method, path, user, body, want, headers...).body
	}, citizenID)

	// Reports.
	call(handler, "GET", "/api/v1/reports/sla?period=2570-Q1", "supervisor", nil, 200)
	call(handler, "GET", "/api/v1/reports/sla?period=2569&unit=D1038", "head1038", nil, 200)
	call(handler, "GET", "/api/v1/reports/sla?period=soon", "supervisor", nil, 400)
	call(handler, "GET", "/api/v1/reports/sla?period=2570-Q1&unit=D1038", "coord1001", nil, 403)
	call(handler, "GET", "/api/v1/reports/backlog", "supervisor", nil, 200)
	call(handler, "GET", "/api/v1/reports/backlog?by=month&group=unit&from=2026-01-01", "supervisor", nil, 200)
	call(handler, "GET", "/api/v1/reports/backlog?by=week", "supervisor", nil, 400)
	call(handler, "GET", "/api/v1/reports/backlog?unit=D1038", "coord1001", nil, 403)

	for _, r := range routes {
		if p := r.method + " " + r.pattern; !succeeded[p] {
			t.Errorf("the walk never got a 2xx from %s; add a call", p)
		}
	}
}

// openAPILoad parses the embedded document (numbers as json.Number, as the validator wants).
func openAPILoad(t *testing.T) map[string]any {
	t.Helper()
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(openAPIDoc))
	if err != nil {
		t.Fatalf("openapi.json is not JSON: %v", err)
	}
	doc, ok := v.(map[string]any)
	if !ok {
		t.Fatal("openapi.json is not a JSON object")
	}
	return doc
}

// openAPIShort cuts a body for a failure message.
func openAPIShort(b []byte) string {
	if len(b) > 400 {
		return string(b[:400]) + "…"
	}
	return string(b)
}

func openAPIMap(v any) map[string]any { m, _ := v.(map[string]any); return m }
func openAPISlice(v any) []any        { s, _ := v.([]any); return s }

func openAPISchemaRef(name string) map[string]any {
	return map[string]any{"$ref": "#/components/schemas/" + name}
}

func openAPISorted[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// openAPIPointer resolves a local reference ("#/a/b") in doc.
func openAPIPointer(doc any, ref string) (any, bool) {
	rest, ok := strings.CutPrefix(ref, "#/")
	if !ok {
		return nil, false
	}
	cur := doc
	for _, tok := range strings.Split(rest, "/") {
		tok = strings.ReplaceAll(strings.ReplaceAll(tok, "~1", "/"), "~0", "~")
		switch c := cur.(type) {
		case map[string]any:
			if cur, ok = c[tok]; !ok {
				return nil, false
			}
		case []any:
			i, err := strconv.Atoi(tok)
			if err != nil || i < 0 || i >= len(c) {
				return nil, false
			}
			cur = c[i]
		default:
			return nil, false
		}
	}
	return cur, true
}

// openAPIDeref follows $ref until it reaches an object that is not a reference.
func openAPIDeref(doc map[string]any, v any) map[string]any {
	m := openAPIMap(v)
	for range 10 {
		ref, ok := m["$ref"].(string)
		if !ok {
			return m
		}
		target, _ := openAPIPointer(doc, ref)
		m = openAPIMap(target)
	}
	return m
}

// openAPIObjectSchema resolves schema to the object schema that has the properties: through
// $ref, a single allOf (used to describe a reference) and nullable wrappers.
func openAPIObjectSchema(doc map[string]any, schema any) map[string]any {
	s := openAPIDeref(doc, schema)
	for range 10 {
		all := openAPISlice(s["allOf"])
		if s["properties"] != nil || len(all) != 1 {
			break
		}
		s = openAPIDeref(doc, all[0])
	}
	return s
}

// openAPICompareFields checks that the JSON fields of Go type typ are the properties of
// schema, descending into nested structs. For responses (checkRequired) the fields without
// omitempty, which are always present, must be exactly the required ones; for requests
// every object must be closed (additionalProperties: false), as the server rejects unknown
// fields.
func openAPICompareFields(t *testing.T, doc map[string]any, where string, typ reflect.Type, schema any, checkRequired bool) {
	t.Helper()
	for typ.Kind() == reflect.Pointer || typ.Kind() == reflect.Slice {
		typ = typ.Elem()
		if items := openAPIObjectSchema(doc, schema)["items"]; items != nil {
			schema = items
		}
	}
	if typ.Kind() != reflect.Struct || typ == reflect.TypeOf(time.Time{}) {
		return
	}
	s := openAPIObjectSchema(doc, schema)
	if s == nil {
		t.Errorf("%s: no schema for %s", where, typ)
		return
	}
	props := openAPIMap(s["properties"])
	required := map[string]bool{}
	for _, r := range openAPISlice(s["required"]) {
		required[fmt.Sprint(r)] = true
		if props[fmt.Sprint(r)] == nil {
			t.Errorf("%s: required %q is not a property", where, r)
		}
	}
	if !checkRequired && s["additionalProperties"] != false {
		t.Errorf("%s: a request object must have additionalProperties: false", where)
	}
	fields := map[string]bool{}
	for i := range typ.NumField() {
		f := typ.Field(i)
		if !f.IsExported() {
			continue
		}
		name, opts, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" && opts == "" {
			continue
		}
		if name == "" {
			name = f.Name
		}
		omitempty := slices.Contains(strings.Split(opts, ","), "omitempty") || slices.Contains(strings.Split(opts, ","), "omitzero")
		fields[name] = true
		prop, ok := props[name]
		if !ok {
			t.Errorf("%s: Go field %s.%s (json %q) is not in the schema", where, typ, f.Name, name)
			continue
		}
		if checkRequired && omitempty == required[name] {
			if omitempty {
				t.Errorf("%s: %q is omitempty in Go, so it must not be required", where, name)
			} else {
				t.Errorf("%s: %q is always present in Go, so it must be required", where, name)
			}
		}
		openAPICompareFields(t, doc, where+"."+name, f.Type, prop, checkRequired)
	}
	for _, name := range openAPISorted(props) {
		if !fields[name] {
			t.Errorf("%s: schema property %q has no field in Go type %s", where, name, typ)
		}
	}
}

// openAPIValidatorT compiles the component schemas into JSON Schema. OpenAPI 3.0 schemas are
// draft-04-like with a nullable keyword, which becomes a "null" type; object schemas with
// properties are closed, so that a field the server writes but the document does not know
// fails.
type openAPIValidatorT struct {
	doc      map[string]any
	compiler *jsonschema.Compiler
	compiled map[string]*jsonschema.Schema
}

const openAPISchemaURL = "mem://openapi/components.json"

func openAPIValidator(t *testing.T) *openAPIValidatorT {
	t.Helper()
	doc := openAPILoad(t)
	schemas := map[string]any{}
	for name, s := range openAPIMap(openAPIMap(doc["components"])["schemas"]) {
		schemas[name] = openAPIToJSONSchema(s)
	}
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft4)
	c.AssertFormat()
	if err := c.AddResource(openAPISchemaURL, map[string]any{"components": map[string]any{"schemas": schemas}}); err != nil {
		t.Fatal(err)
	}
	return &openAPIValidatorT{doc: doc, compiler: c, compiled: map[string]*jsonschema.Schema{}}
}

func (v *openAPIValidatorT) validate(t *testing.T, schema string, body []byte) {
	t.Helper()
	sch, ok := v.compiled[schema]
	if !ok {
		var err error
		if sch, err = v.compiler.Compile(openAPISchemaURL + "#/components/schemas/" + schema); err != nil {
			t.Fatalf("schema %s: %v", schema, err)
		}
		v.compiled[schema] = sch
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(body))
	if err != nil {
		t.Fatalf("not JSON: %v: %s", err, body)
	}
	if err := sch.Validate(inst); err != nil {
		msg := err.Error()
		if lines := strings.Split(msg, "\n"); len(lines) > 12 {
			msg = strings.Join(lines[:12], "\n") + fmt.Sprintf("\n… %d more", len(lines)-12)
		}
		t.Errorf("does not match schema %s: %s\nbody: %s", schema, msg, openAPIShort(body))
	}
}

// openAPIToJSONSchema translates one OpenAPI 3.0 schema object.
func openAPIToJSONSchema(v any) any {
	s, ok := v.(map[string]any)
	if !ok {
		return v
	}
	out := map[string]any{}
	for k, e := range s {
		switch k {
		case "properties":
			props := map[string]any{}
			for name, p := range openAPIMap(e) {
				props[name] = openAPIToJSONSchema(p)
			}
			out[k] = props
		case "items", "additionalProperties", "not":
			out[k] = openAPIToJSONSchema(e)
		case "allOf", "anyOf", "oneOf":
			var list []any
			for _, sub := range openAPISlice(e) {
				list = append(list, openAPIToJSONSchema(sub))
			}
			out[k] = list
		case "nullable", "example", "discriminator", "xml", "externalDocs", "deprecated", "readOnly", "writeOnly":
		default:
			if !strings.HasPrefix(k, "x-") {
				out[k] = e
			}
		}
	}
	if _, set := out["additionalProperties"]; !set && out["properties"] != nil {
		out["additionalProperties"] = false
	}
	if s["nullable"] == true {
		if typ, ok := out["type"].(string); ok {
			out["type"] = []any{typ, "null"}
			if enum, ok := out["enum"].([]any); ok {
				out["enum"] = append(slices.Clone(enum), nil)
			}
		} else {
			out = map[string]any{"anyOf": []any{map[string]any{"type": "null"}, out}}
		}
	}
	return out
}
