package sqlstore

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/rongtook/rongtook/internal/apperr"
	"github.com/rongtook/rongtook/internal/reference"
	"github.com/rongtook/rongtook/internal/store"
)

// SyncReference brings the built-in reference data into the database: names are updated,
// new entries added, and default routing rules inserted only where none exists, so that an
// admin's changes survive restarts.
func (s *DB) SyncReference(ctx context.Context, ref *reference.Data) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		for _, d := range ref.Districts {
			if _, err := s.exec(ctx, tx, `INSERT INTO districts (code, name_th, name_en) VALUES (?, ?, ?)
				ON CONFLICT (code) DO UPDATE SET name_th = excluded.name_th, name_en = excluded.name_en`, d.Code, d.NameTH, d.NameEN); err != nil {
				return fmt.Errorf("district %d: %w", d.Code, err)
			}
		}
		for _, c := range ref.Categories {
			if _, err := s.exec(ctx, tx, `INSERT INTO categories (code, name_th, name_en) VALUES (?, ?, ?)
				ON CONFLICT (code) DO UPDATE SET name_th = excluded.name_th, name_en = excluded.name_en`, c.Code, c.NameTH, c.NameEN); err != nil {
				return fmt.Errorf("category %d: %w", c.Code, err)
			}
		}
		for _, u := range ref.Units {
			if _, err := s.exec(ctx, tx, `INSERT INTO units (code, type, name_th, name_en, district_code) VALUES (?, ?, ?, ?, ?)
				ON CONFLICT (code) DO UPDATE SET type = excluded.type, name_th = excluded.name_th, name_en = excluded.name_en, district_code = excluded.district_code`,
				u.Code, u.Type, u.NameTH, u.NameEN, nullInt(int64(u.DistrictCode))); err != nil {
				return fmt.Errorf("unit %s: %w", u.Code, err)
			}
			for i, sec := range u.Sections {
				if _, err := s.exec(ctx, tx, `INSERT INTO sections (unit_code, code, name_th, name_en, position) VALUES (?, ?, ?, ?, ?)
					ON CONFLICT (unit_code, code) DO UPDATE SET name_th = excluded.name_th, name_en = excluded.name_en, position = excluded.position`,
					u.Code, sec.Code, sec.NameTH, sec.NameEN, i); err != nil {
					return fmt.Errorf("section %s/%s: %w", u.Code, sec.Code, err)
				}
			}
		}
		for _, r := range ref.Routing {
			if _, err := s.exec(ctx, tx, `INSERT INTO routing_rules (category_code, district_code, to_district_office, unit_code, section_code)
				VALUES (?, ?, ?, ?, ?) ON CONFLICT (category_code, district_code) DO NOTHING`,
				r.CategoryCode, r.DistrictCode, r.ToDistrictOffice, nullStr(r.UnitCode), r.SectionCode); err != nil {
				return fmt.Errorf("routing rule %d/%d: %w", r.CategoryCode, r.DistrictCode, err)
			}
		}
		return nil
	})
}

// Units returns every unit with its sections, in code order.
func (s *DB) Units(ctx context.Context) ([]reference.Unit, error) {
	rows, err := s.query(ctx, s.db, `SELECT code, type, name_th, name_en, COALESCE(district_code, 0) FROM units ORDER BY code`)
	if err != nil {
		return nil, err
	}
	var units []reference.Unit
	idx := map[string]int{}
	for rows.Next() {
		var u reference.Unit
		if err := rows.Scan(&u.Code, &u.Type, &u.NameTH, &u.NameEN, &u.DistrictCode); err != nil {
			rows.Close()
			return nil, err
		}
		u.Sections = []reference.Section{}
		idx[u.Code] = len(units)
		units = append(units, u)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows, err = s.query(ctx, s.db, `SELECT unit_code, code, name_th, name_en FROM sections ORDER BY unit_code, position`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var unit string
		var sec reference.Section
		if err := rows.Scan(&unit, &sec.Code, &sec.NameTH, &sec.NameEN); err != nil {
			return nil, err
		}
		if i, ok := idx[unit]; ok {
			units[i].Sections = append(units[i].Sections, sec)
		}
	}
	return units, rows.Err()
}

// RoutingRules returns every rule, city-wide rules before district ones.
func (s *DB) RoutingRules(ctx context.Context) ([]reference.RoutingRule, error) {
	rows, err := s.query(ctx, s.db, `SELECT category_code, district_code, to_district_office, COALESCE(unit_code, ''), section_code
		FROM routing_rules ORDER BY category_code, district_code`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []reference.RoutingRule
	for rows.Next() {
		var r reference.RoutingRule
		if err := rows.Scan(&r.CategoryCode, &r.DistrictCode, &r.ToDistrictOffice, &r.UnitCode, &r.SectionCode); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// PutRoutingRule creates or replaces the rule for its category and district.
func (s *DB) PutRoutingRule(ctx context.Context, r reference.RoutingRule) error {
	_, err := s.exec(ctx, s.db, `INSERT INTO routing_rules (category_code, district_code, to_district_office, unit_code, section_code)
		VALUES (?, ?, ?, ?, ?) ON CONFLICT (category_code, district_code) DO UPDATE SET
		to_district_office = excluded.to_district_office, unit_code = excluded.unit_code, section_code = excluded.section_code`,
		r.CategoryCode, r.DistrictCode, r.ToDistrictOffice, nullStr(r.UnitCode), r.SectionCode)
	return err
}

// DeleteRoutingRule removes the rule for a category and district.
func (s *DB) DeleteRoutingRule(ctx context.Context, category, district int) error {
	res, err := s.exec(ctx, s.db, `DELETE FROM routing_rules WHERE category_code = ? AND district_code = ?`, category, district)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return apperr.NotFound("routing rule")
	}
	return nil
}

const coordinatorCols = `unit_code, kind, title, first_name, last_name, position, section, office_phone, mobile_phone, line_id, line_display_name, updated_at, COALESCE(updated_by, 0)`

// Coordinators returns the unit's coordinators (main first), or every unit's when unit is "".
func (s *DB) Coordinators(ctx context.Context, unit string) ([]store.Coordinator, error) {
	q := `SELECT ` + coordinatorCols + ` FROM coordinators`
	var args []any
	if unit != "" {
		q += ` WHERE unit_code = ?`
		args = append(args, unit)
	}
	rows, err := s.query(ctx, s.db, q+` ORDER BY unit_code, kind DESC`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []store.Coordinator
	for rows.Next() {
		var c store.Coordinator
		if err := rows.Scan(&c.UnitCode, &c.Kind, &c.Title, &c.FirstName, &c.LastName, &c.Position, &c.Section,
			&c.OfficePhone, &c.MobilePhone, &c.LineID, &c.LineDisplayName, timeCol{&c.UpdatedAt}, &c.UpdatedBy); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// PutCoordinator creates or replaces a unit's coordinator of one kind.
func (s *DB) PutCoordinator(ctx context.Context, c store.Coordinator) error {
	_, err := s.exec(ctx, s.db, `INSERT INTO coordinators (`+coordinatorCols[:len(coordinatorCols)-len("COALESCE(updated_by, 0)")]+`updated_by)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (unit_code, kind) DO UPDATE SET title = excluded.title, first_name = excluded.first_name,
		last_name = excluded.last_name, position = excluded.position, section = excluded.section,
		office_phone = excluded.office_phone, mobile_phone = excluded.mobile_phone, line_id = excluded.line_id,
		line_display_name = excluded.line_display_name, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
		c.UnitCode, c.Kind, c.Title, c.FirstName, c.LastName, c.Position, c.Section, c.OfficePhone, c.MobilePhone,
		c.LineID, c.LineDisplayName, s.t(c.UpdatedAt), nullInt(c.UpdatedBy))
	return err
}
