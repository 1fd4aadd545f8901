package handlers

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"regexp"
	"time"

	"github.com/skatetrax/skatetrax-api/gen/api"
)

// exportFile is the export answer: the document is written as the
// portability service produced it (already JSON), as an attachment.
type exportFile struct {
	contentType, name string
	body              []byte
}

func (f exportFile) VisitExportMyDataResponse(w http.ResponseWriter) error {
	w.Header().Set("Content-Type", f.contentType)
	w.Header().Set("Content-Disposition", fmt.Sprintf("attachment; filename=%q", f.name))
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusOK)
	_, err := w.Write(f.body)
	return err
}

// unsafeName keeps a login from breaking the file name.
var unsafeName = regexp.MustCompile(`[^A-Za-z0-9._-]+`)

// ExportMyData answers the skater's export document, or their session log as CSV.
func (h *MemberHandlers) ExportMyData(ctx context.Context, req api.ExportMyDataRequestObject) (api.ExportMyDataResponseObject, error) {
	// The account's own document, whoever the session acts for.
	p, err := ownPrincipal(ctx)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	csv := req.Params.Format != nil && *req.Params.Format == api.Csv
	export, ext, ctype := h.portability.ExportJSON, "json", "application/json"
	if csv {
		export, ext, ctype = h.portability.ExportCSV, "csv", "text/csv; charset=utf-8"
	}
	login, err := export(ctx, p.UserID, &buf)
	if err != nil {
		return nil, err
	}
	name := fmt.Sprintf("skatetrax-%s-%s.%s", unsafeName.ReplaceAllString(login, "_"), time.Now().UTC().Format("2006-01-02"), ext)
	return exportFile{contentType: ctype, name: name, body: buf.Bytes()}, nil
}

// DeleteAccount erases the logged-in user after checking their password and
// clears the session cookie.
func (h *AuthHandlers) DeleteAccount(ctx context.Context, req api.DeleteAccountRequestObject) (api.DeleteAccountResponseObject, error) {
	p, err := ownPrincipal(ctx)
	if err != nil {
		return nil, err
	}
	if _, err := h.erasure.DeleteAccount(ctx, p.UserID, req.Body.CurrentPassword); err != nil {
		return nil, err
	}
	if s, err := handle(ctx); err == nil {
		if err := s.Logout(ctx); err != nil {
			h.logger.WarnContext(ctx, "clear cookie after erasure", "err", err)
		}
	}
	return api.DeleteAccount200JSONResponse{Message: "Your account and all of your data have been deleted."}, nil
}
