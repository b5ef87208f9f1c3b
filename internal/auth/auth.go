// Package auth holds accounts, roles and the authorisation policy: who may see which case
// and take which action. The policy is pure and is checked on the server for every read and
// every action; handlers never decide it themselves.
package auth

import (
	"slices"
	"time"

	"github.com/rongtook/rongtook/internal/cases"
	"github.com/rongtook/rongtook/internal/reference"
)

// Role is what a user does in the organisation.
type Role string

const (
	RoleOperator    Role = "operator"    // hotline operator at the centre
	RoleSupervisor  Role = "supervisor"  // centre supervisor
	RoleCoordinator Role = "coordinator" // a unit's complaint coordinator
	RoleOfficer     Role = "officer"     // a unit's officer
	RoleHead        Role = "head"        // a unit's director: approves answers
	RoleExecutive   Role = "executive"   // read-only, every unit
	RoleAdmin       Role = "admin"       // accounts, reference data, routing
)

// Roles lists every role.
var Roles = []Role{RoleOperator, RoleSupervisor, RoleCoordinator, RoleOfficer, RoleHead, RoleExecutive, RoleAdmin}

// Valid reports whether r is a known role.
func (r Role) Valid() bool { return slices.Contains(Roles, r) }

// User is a staff account. Every user belongs to a unit.
type User struct {
	ID           int64
	Username     string
	DisplayName  string
	Role         Role
	UnitCode     string
	PasswordHash string
	Disabled     bool
	CreatedAt    time.Time
}

// Principal is the authenticated user behind a request.
type Principal struct {
	UserID   int64
	Username string
	Name     string
	Role     Role
	Unit     string
}

// PrincipalOf returns the principal for a user.
func PrincipalOf(u User) Principal {
	name := u.DisplayName
	if name == "" {
		name = u.Username
	}
	return Principal{UserID: u.ID, Username: u.Username, Name: name, Role: u.Role, Unit: u.UnitCode}
}

// Actor is the principal as the case timeline records it.
func (p Principal) Actor() cases.Actor {
	return cases.Actor{ID: p.UserID, Name: p.Name, Role: string(p.Role), Unit: p.Unit}
}

// CentreStaff reports whether p works at the complaint centre, which sees every case.
func (p Principal) CentreStaff() bool {
	return p.Unit == reference.CentreCode && (p.Role == RoleOperator || p.Role == RoleSupervisor || p.Role == RoleCoordinator || p.Role == RoleHead || p.Role == RoleOfficer)
}

// ReadsAll reports whether p may read every non-confidential case.
func (p Principal) ReadsAll() bool {
	return p.CentreStaff() || p.Role == RoleExecutive || p.Role == RoleAdmin
}

// CanView reports whether p may see the case at all. Confidential cases are visible only
// to the unit handling them and to centre supervisors; to everyone else they do not exist.
func CanView(p Principal, c *cases.Case) bool {
	if c.Confidential {
		return p.Unit == c.UnitCode || (p.Role == RoleSupervisor && p.Unit == reference.CentreCode)
	}
	return p.ReadsAll() || p.Unit == c.UnitCode
}

// SeesPersonalData reports whether p's work needs a citizen's name and contact details.
// Executives and admins read figures, not people.
func SeesPersonalData(p Principal) bool {
	return p.Role != RoleExecutive && p.Role != RoleAdmin
}

// CanCreateCase reports whether p may take in new cases.
func CanCreateCase(p Principal) bool {
	switch p.Role {
	case RoleOperator, RoleSupervisor, RoleCoordinator, RoleOfficer, RoleHead:
		return true
	}
	return false
}

// CanAct reports whether p may take the action on the case (which p can already see).
// Unit staff act on their unit's cases; the centre routes, returns and ends; only a head
// approves or sends back an answer.
func CanAct(p Principal, a cases.Action, c *cases.Case) bool {
	own := p.Unit == c.UnitCode
	centre := p.CentreStaff()
	unitStaff := p.Role == RoleCoordinator || p.Role == RoleOfficer || p.Role == RoleHead
	switch a {
	case cases.ActForward:
		return (centre && (p.Role == RoleOperator || p.Role == RoleSupervisor)) || (own && (p.Role == RoleCoordinator || p.Role == RoleHead))
	case cases.ActAcknowledge, cases.ActProgress, cases.ActProposeResult, cases.ActReturn, cases.ActAwaitCitizen, cases.ActResume:
		return own && unitStaff
	case cases.ActAssign:
		return own && (p.Role == RoleCoordinator || p.Role == RoleHead)
	case cases.ActApprove, cases.ActSendBack:
		return own && p.Role == RoleHead
	case cases.ActTerminate:
		return (own && p.Role == RoleHead) || (centre && p.Role == RoleSupervisor)
	case cases.ActReopen:
		return centre && (p.Role == RoleOperator || p.Role == RoleSupervisor)
	case cases.ActNote:
		return (own && unitStaff) || centre
	case cases.ActLinkDuplicate, cases.ActUnlinkDuplicate:
		return (centre && (p.Role == RoleOperator || p.Role == RoleSupervisor)) || (own && (p.Role == RoleCoordinator || p.Role == RoleHead))
	}
	return false
}

// CanManage reports whether p administers accounts, routing and reference data.
func CanManage(p Principal) bool { return p.Role == RoleAdmin }

// CanEditCoordinators reports whether p may change the unit's coordinator registry: an admin,
// or the unit's own head or coordinator.
func CanEditCoordinators(p Principal, unit string) bool {
	return p.Role == RoleAdmin || (p.Unit == unit && (p.Role == RoleHead || p.Role == RoleCoordinator))
}
