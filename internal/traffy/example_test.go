package traffy_test

import (
	"errors"
	"fmt"
	"strings"

	"github.com/rongtook/rongtook/internal/traffy"
)

func ExampleReader() {
	const export = "\ufeffticket_id,type,organization,comment,coords,photo,photo_after,address,subdistrict,district,province,timestamp,state,star,count_reopen,last_activity\n" +
		"2023-FCX4QQ,\"{ความปลอดภัย,ถนน}\",เขตหนองจอก,\"ถนนเป็นหลุม\nอันตรายมาก\",\"100.87281,13.81565\",https://example.org/a.jpg,,ที่อยู่,กระทุ่มราย,เขตหนองจอก,กรุงเทพมหานคร,2023-05-12 13:27:54.48+00,รอรับเรื่อง,,0,2023-05-12 13:27:54.47+00\n" +
		",{},เขตบางบอน,,\"100.39,13.64\",https://example.org/b.jpg,,,บางบอนใต้,บางบอน,กรุงเทพมหานคร,2023-05-12 13:26:11+00,รอรับเรื่อง,,0,2023-05-12 13:26:11+00\n"

	r, err := traffy.NewReader(strings.NewReader(export))
	if err != nil {
		panic(err)
	}
	fmt.Println("format:", r.Format())
	for rec, err := range r.All() {
		var rowErr *traffy.RowError
		switch {
		case errors.As(err, &rowErr):
			fmt.Printf("line %d rejected: %s (%s)\n", rowErr.Line, rowErr.Code, rowErr.ReasonTH)
			continue
		case err != nil:
			panic(err) // I/O error: the rest of the input is lost
		}
		category, kind := rec.Category()
		district, _ := rec.DistrictCode()
		fmt.Printf("line %d %s: category %d %s, district %d, %s → %s\n",
			rec.Line, rec.TicketID, category, kind, district, rec.State.Thai(), rec.State.CaseStatus())
	}
	// Output:
	// format: export
	// line 2 2023-FCX4QQ: category 6 complaint, district 1003, รอรับเรื่อง → forwarded
	// line 4 rejected: missing_ticket_id (ไม่มีเลขที่เรื่อง (ticket_id))
}
