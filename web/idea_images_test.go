package web_test

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/ideario/ideario/media"
	"github.com/ideario/ideario/models/accounts"
	"github.com/ideario/ideario/models/ideas"
	"github.com/ideario/ideario/models/images"
	"github.com/ideario/ideario/testutil"
)

// file is one file of a multipart form: its name, the type the browser
// says it is, and its bytes.
type file struct {
	name, contentType string
	data              []byte
}

func pngFile(t *testing.T, name string, w, h int) file {
	return file{name, "image/png", coverPNG(t, w, h)}
}

// postFiles posts a multipart form as a browser does when files are
// chosen in a field that takes several ("images"): the token of the page
// goes in the form; with asJSON, the client asks for JSON.
func (c *client) postFiles(page, action string, fields url.Values, files []file, asJSON bool) *response {
	c.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for k, vs := range withToken(fields, c.csrf(page)) {
		for _, v := range vs {
			_ = mw.WriteField(k, v)
		}
	}
	for _, f := range files {
		h := textproto.MIMEHeader{}
		h.Set("Content-Disposition", fmt.Sprintf(`form-data; name="images"; filename=%q`, f.name))
		h.Set("Content-Type", f.contentType)
		part, err := mw.CreatePart(h)
		if err != nil {
			c.t.Fatal(err)
		}
		_, _ = part.Write(f.data)
	}
	_ = mw.Close()
	req, err := http.NewRequest(http.MethodPost, c.base+action, &body)
	if err != nil {
		c.t.Fatal(err)
	}
	req.Header.Set("Content-Type", mw.FormDataContentType())
	if asJSON {
		req.Header.Set("Accept", "application/json")
	}
	return c.do(req)
}

// withPNGComment puts a text chunk (as cameras and editors write) after
// a PNG's header chunk.
func withPNGComment(raw []byte, text string) []byte {
	const afterIHDR = 8 + 25
	data := []byte("Comment\x00" + text)
	chunk := binary.BigEndian.AppendUint32(nil, uint32(len(data))) //nolint:gosec // G115: a short test text
	chunk = append(chunk, "tEXt"...)
	chunk = append(chunk, data...)
	chunk = binary.BigEndian.AppendUint32(chunk, crc32.ChecksumIEEE(append([]byte("tEXt"), data...)))
	out := append([]byte{}, raw[:afterIHDR]...)
	out = append(out, chunk...)
	return append(out, raw[afterIHDR:]...)
}

// jpegWithComment is a w x h JPEG photo carrying a comment segment.
func jpegWithComment(t *testing.T, w, h int, text string) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			img.Set(x, y, color.RGBA{uint8(x % 256), uint8(y % 256), 120, 255})
		}
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 90}); err != nil {
		t.Fatal(err)
	}
	raw := buf.Bytes()
	com := binary.BigEndian.AppendUint16([]byte{0xFF, 0xFE}, uint16(len(text)+2)) //nolint:gosec // G115: a short test text
	return append(append(append([]byte{}, raw[:2]...), append(com, text...)...), raw[2:]...)
}

// pngClaiming is the start of a PNG whose header claims w x h pixels: a
// decompression bomb's first bytes.
func pngClaiming(w, h uint32) []byte {
	ihdr := append(binary.BigEndian.AppendUint32(binary.BigEndian.AppendUint32(nil, w), h), 8, 2, 0, 0, 0)
	chunk := binary.BigEndian.AppendUint32(nil, uint32(len(ihdr))) //nolint:gosec // G115: 13 bytes
	chunk = append(append(chunk, "IHDR"...), ihdr...)
	chunk = binary.BigEndian.AppendUint32(chunk, crc32.ChecksumIEEE(append([]byte("IHDR"), ihdr...)))
	return append([]byte("\x89PNG\r\n\x1a\n"), chunk...)
}

// postedIdea is the id of the idea a form post redirected to.
func postedIdea(t *testing.T, r *response) int64 {
	t.Helper()
	m := createdIdea.FindStringSubmatch(r.Location)
	if r.Code != http.StatusSeeOther || m == nil {
		t.Fatalf("posting the idea: %s", r)
	}
	id, _ := strconv.ParseInt(m[1], 10, 64)
	return id
}

// ideaImages is the ids of an idea's pictures, in order.
func (w *world) ideaImages(t *testing.T, id int64) []int64 {
	t.Helper()
	var ids []int64
	for _, img := range must(w.Store.Ideas.IdeaImages(context.Background(), id))(t) {
		ids = append(ids, img.ID)
	}
	return ids
}

func imagePath(id int64) string { return "/images/" + itoa(id) }

func TestIdeaImagesUpload(t *testing.T) {
	forEachEngine(t, func(t *testing.T, w *world) {
		author := w.login(t, w.user(t, "Ana"))
		const secret = "GPS -23.5505,-46.6333 Ana's camera"
		photo := jpegWithComment(t, 320, 240, secret)
		drawing := withPNGComment(coverPNG(t, 1200, 600), secret)
		r := author.postFiles("/ideas/new", "/ideas", ideaForm("Seats with pictures"),
			[]file{{"drawing.png", "image/png", drawing}, {"photo.jpg", "image/jpeg", photo}}, false)
		id := postedIdea(t, r)
		imgs := must(w.Store.Ideas.IdeaImages(context.Background(), id))(t)
		if len(imgs) != 2 {
			t.Fatalf("images stored: %d, want 2", len(imgs))
		}

		anon := newClient(t, w.Server)
		page := anon.get(r.Location)
		wantCode(t, page, http.StatusOK)
		wantIn(t, page, `<a href="`+imagePath(imgs[0].ID)+`"><img src="`+imagePath(imgs[0].ID)+
			`/thumb" width="640" height="320" loading="lazy" alt="Image 1 of the idea “Seats with pictures”"></a>`)
		wantIn(t, page, `<img src="`+imagePath(imgs[1].ID)+`/thumb" width="320" height="240" loading="lazy" alt="Image 2 of the idea “Seats with pictures”">`)

		for _, tt := range []struct {
			path, wantType string
			wantW, wantH   int
		}{
			{imagePath(imgs[0].ID), "image/png", 1200, 600},
			{imagePath(imgs[0].ID) + "/thumb", "image/png", 640, 320},
			{imagePath(imgs[1].ID), "image/jpeg", 320, 240},
			{imagePath(imgs[1].ID) + "/thumb", "image/jpeg", 320, 240},
		} {
			t.Run(tt.path, func(t *testing.T) {
				r := anon.get(tt.path)
				wantCode(t, r, http.StatusOK)
				check(t, "content type", r.Header.Get("Content-Type"), tt.wantType)
				check(t, "nosniff", r.Header.Get("X-Content-Type-Options"), "nosniff")
				check(t, "cache", r.Header.Get("Cache-Control"), "public, max-age=31536000, immutable")
				cfg, format, err := image.DecodeConfig(strings.NewReader(r.Body))
				if err != nil {
					t.Fatalf("not an image: %v", err)
				}
				check(t, "format", "image/"+format, tt.wantType)
				check(t, "size", [2]int{cfg.Width, cfg.Height}, [2]int{tt.wantW, tt.wantH})
				if strings.Contains(r.Body, "GPS") || strings.Contains(r.Body, "camera") {
					t.Errorf("the metadata survived")
				}
			})
		}

		t.Run("a script after the picture's end", func(t *testing.T) {
			polyglot := append(coverPNG(t, 50, 50), "<script>alert(document.cookie)</script>"...)
			if _, err := png.Decode(bytes.NewReader(polyglot)); err != nil {
				t.Fatalf("the polyglot is not a PNG: %v", err)
			}
			r := author.postFiles("/ideas/new", "/ideas", ideaForm("A polyglot picture"), []file{{"both.png", "image/png", polyglot}}, false)
			img := w.ideaImages(t, postedIdea(t, r))
			if len(img) != 1 {
				t.Fatalf("images: %v", img)
			}
			for _, path := range []string{imagePath(img[0]), imagePath(img[0]) + "/thumb"} {
				served := anon.get(path)
				wantCode(t, served, http.StatusOK)
				check(t, "content type", served.Header.Get("Content-Type"), "image/png")
				wantNotIn(t, served, "<script")
			}
		})

		t.Run("as JSON", func(t *testing.T) {
			var out struct {
				ID int64 `json:"id"`
			}
			r := author.postFiles("/ideas/new", "/ideas", ideaForm("Pictures by JSON"), []file{pngFile(t, "a.png", 30, 20)}, true)
			wantCode(t, r, http.StatusCreated)
			decode(t, r, &out)
			check(t, "images", len(w.ideaImages(t, out.ID)), 1)
		})
	}, testutil.WithoutRateLimits())
}

func TestIdeaImagesRefused(t *testing.T) {
	forEachEngine(t, func(t *testing.T, w *world) {
		c := w.login(t, w.user(t, "Bia"))
		good := pngFile(t, "good.png", 40, 30)
		big := append(coverPNG(t, 10, 10), make([]byte, media.MaxBytes)...)
		tests := []struct {
			name   string
			change url.Values
			files  []file
			want   string // in the message next to the images
			field  string // another field with a message, if any
		}{
			{"HTML named as a PNG", nil, []file{good, {"photo.png", "image/png", []byte("<!DOCTYPE html><html><script>alert(1)</script></html>")}},
				"photo.png: please choose a JPEG, PNG or GIF image. The other images were not saved: please choose them again.", ""},
			{"SVG named as a PNG", nil, []file{{"photo.png", "image/png", []byte(`<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>`)}},
				"photo.png: please choose a JPEG, PNG or GIF image.", ""},
			{"a HEIC photo", nil, []file{{"photo.heic", "image/heic", []byte("\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic")}},
				"photo.heic: please choose a JPEG, PNG or GIF image.", ""},
			{"an empty file", nil, []file{{"empty.png", "image/png", nil}}, "empty.png: please choose a JPEG, PNG or GIF image.", ""},
			{"decompression bomb", nil, []file{{"bomb.png", "image/png", pngClaiming(10000, 5000)}},
				"bomb.png is larger than 40 megapixels: please choose a smaller image.", ""},
			{"over 8 MB", nil, []file{{"huge.png", "image/png", big}}, "huge.png is larger than 8 MB: please choose a smaller image.", ""},
			{"five images", nil, []file{good, good, good, good, good}, "Please choose at most 4 images.", ""},
			{"good images with a wrong title", url.Values{"title": {"Shrt"}}, []file{good, good},
				"The images were not saved because of the other mistakes: please choose them again.", "title"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				ideas, images := w.count(t, "ideas", ""), w.count(t, "images", "")
				form := ideaForm("Seats that keep their pictures")
				for k, v := range tt.change {
					form[k] = v
				}
				r := c.postFiles("/ideas/new", "/ideas", form, tt.files, false)
				wantCode(t, r, http.StatusUnprocessableEntity)
				check(t, "message", fieldError(r.Body, "images"), tt.want)
				wantIn(t, r, `aria-describedby="err-images hint-images"`)
				if tt.field != "" && fieldError(r.Body, tt.field) == "" {
					t.Errorf("no message next to %s", tt.field)
				}
				wantIn(t, r, `value="`+form.Get("title")+`"`)
				wantIn(t, r, "We could **recycle** PET bottles into seat fabric.</textarea>")
				check(t, "ideas", w.count(t, "ideas", ""), ideas)
				check(t, "images", w.count(t, "images", ""), images)

				var out struct {
					Errors map[string]string `json:"errors"`
				}
				r = c.postFiles("/ideas/new", "/ideas", form, tt.files, true)
				wantCode(t, r, http.StatusUnprocessableEntity)
				decode(t, r, &out)
				check(t, "JSON message", out.Errors["images"], tt.want)
				check(t, "ideas after JSON", w.count(t, "ideas", ""), ideas)
			})
		}
		t.Run("broken multipart", func(t *testing.T) {
			ideas := w.count(t, "ideas", "")
			req, _ := http.NewRequest(http.MethodPost, c.base+"/ideas", strings.NewReader("--xyz\r\nnot a part"))
			req.Header.Set("Content-Type", "multipart/form-data; boundary=xyz")
			req.Header.Set("X-CSRF-Token", c.csrf("/ideas/new"))
			if r := c.do(req); r.Code >= 500 {
				t.Errorf("a broken upload is a %d", r.Code)
			}
			check(t, "ideas", w.count(t, "ideas", ""), ideas)
		})
	})
}

func TestIdeaImagesEdit(t *testing.T) {
	forEachEngine(t, func(t *testing.T, w *world) {
		ana := w.user(t, "Ana")
		author := w.login(t, ana)
		id := postedIdea(t, author.postFiles("/ideas/new", "/ideas", ideaForm("Seats to change"),
			[]file{pngFile(t, "one.png", 30, 30), pngFile(t, "two.png", 40, 40)}, false))
		before := w.ideaImages(t, id)
		edit := ideaPath(id) + "/edit"

		page := author.get(edit)
		wantCode(t, page, http.StatusOK)
		wantIn(t, page, `enctype="multipart/form-data"`)
		wantIn(t, page, `<input id="images" name="images" type="file" accept="image/jpeg,image/png,image/gif" multiple`)
		wantIn(t, page, `<p class="hint" id="hint-images">Up to 4 images: JPEG, PNG or GIF, up to 8 MB each.`)
		wantIn(t, page, `<label for="images">Add images`)
		for _, img := range before {
			wantIn(t, page, `name="remove_image" value="`+itoa(img)+`"`)
			wantIn(t, page, `src="`+imagePath(img)+`/thumb"`)
		}

		form := ideaForm("Seats changed")
		form.Set("remove_image", itoa(before[0]))
		r := author.postFiles(edit, edit, form, []file{pngFile(t, "three.png", 50, 50)}, false)
		wantCode(t, r, http.StatusSeeOther)
		after := w.ideaImages(t, id)
		if len(after) != 2 || after[0] != before[1] || after[1] == before[0] {
			t.Fatalf("images after the edit: %v, before %v", after, before)
		}
		wantCode(t, author.get(imagePath(before[0])), http.StatusNotFound)
		page = author.follow(r)
		wantNotIn(t, page, imagePath(before[0])+"/thumb")
		wantIn(t, page, `alt="Image 2 of the idea “Seats changed”"`)

		t.Run("too many with those kept", func(t *testing.T) {
			form := ideaForm("Seats changed again")
			form["remove_image"] = []string{itoa(after[0]), "999999"} // another id is left alone
			three := []file{pngFile(t, "a.png", 9, 9), pngFile(t, "b.png", 9, 9), pngFile(t, "c.png", 9, 9), pngFile(t, "d.png", 9, 9)}
			r := author.postFiles(edit, edit, form, three, false)
			wantCode(t, r, http.StatusUnprocessableEntity)
			check(t, "message", fieldError(r.Body, "images"), "An idea has at most 4 images and this one keeps 1: please choose at most 3, or remove some.")
			wantIn(t, r, `name="remove_image" value="`+itoa(after[0])+`" checked`)
			check(t, "images kept", len(w.ideaImages(t, id)), 2)
			check(t, "title kept", must(w.Store.Ideas.IdeaByID(context.Background(), id))(t).Title, "Seats changed")
		})
		t.Run("someone else cannot remove them", func(t *testing.T) {
			other := w.login(t, w.user(t, "Caio"))
			form := ideaForm("Seats taken over")
			form.Set("remove_image", itoa(after[0]))
			r := other.postFiles("/ideas/new", edit, form, nil, false)
			wantCode(t, r, http.StatusForbidden)
			check(t, "images kept", len(w.ideaImages(t, id)), 2)
		})
	})
}

func TestIdeaImagesOfHiddenIdeas(t *testing.T) {
	forEachEngine(t, func(t *testing.T, w *world) {
		ctx := context.Background()
		ana := w.user(t, "Ana")
		author := w.login(t, ana)
		id := postedIdea(t, author.postFiles("/ideas/new", "/ideas", ideaForm("Hidden seats with a picture"), []file{pngFile(t, "p.png", 30, 30)}, false))
		img := w.ideaImages(t, id)[0]
		w.hide(t, id)
		loose := &images.Image{ContentType: "image/png", Width: 1, Height: 1, Data: coverPNG(t, 1, 1), Thumb: coverPNG(t, 1, 1)}
		if err := w.Store.Images.SaveImage(ctx, ana.ID, loose); err != nil {
			t.Fatal(err)
		}

		readers := []struct {
			name string
			who  *client
			want int
		}{
			{"visitor", newClient(t, w.Server), http.StatusNotFound},
			{"another contributor", w.login(t, w.user(t, "Other")), http.StatusNotFound},
			{"author", author, http.StatusOK},
			{"moderator", w.login(t, w.userWithRole(t, "Mod", accounts.RoleModerator)), http.StatusOK},
		}
		for _, tt := range readers {
			t.Run(tt.name, func(t *testing.T) {
				for _, path := range []string{imagePath(img), imagePath(img) + "/thumb"} {
					r := tt.who.get(path)
					wantCode(t, r, tt.want)
					if tt.want == http.StatusOK {
						check(t, "content type", r.Header.Get("Content-Type"), "image/png")
						check(t, "cache", r.Header.Get("Cache-Control"), "private, no-cache")
					} else {
						wantNotIn(t, r, "\x89PNG")
					}
				}
				wantCode(t, tt.who.get(imagePath(loose.ID)), http.StatusNotFound)
				wantCode(t, tt.who.get(imagePath(loose.ID)+"/thumb"), http.StatusNotFound)
				wantCode(t, tt.who.get("/images/999999"), http.StatusNotFound)
			})
		}
		if err := testutil.Behind(w.Store).Exec("UPDATE ideas SET hidden = ?, hidden_reason = '' WHERE id = ?", false, id).Error; err != nil {
			t.Fatal(err)
		}
		r := newClient(t, w.Server).get(imagePath(img))
		wantCode(t, r, http.StatusOK)
		check(t, "cache once published", r.Header.Get("Cache-Control"), "public, max-age=31536000, immutable")
	})
}

// TestIdeaImagesInSharedParts: the pictures are part of what every reader
// shares, and the page from shared parts shows them as the whole page does.
func TestIdeaImagesInSharedParts(t *testing.T) {
	forEachEngine(t, func(t *testing.T, w *world) {
		ana := w.user(t, "Ana")
		author := w.login(t, ana)
		id := postedIdea(t, author.postFiles("/ideas/new", "/ideas", ideaForm("Shared seats with pictures"),
			[]file{pngFile(t, "p.png", 30, 30), pngFile(t, "q.png", 900, 300)}, false))
		imgs := w.ideaImages(t, id)
		readers := map[string]*client{"a visitor": newClient(t, w.Server), "the author": author, "Bea": w.login(t, w.user(t, "Bea"))}
		read := func(c *client) string {
			t.Helper()
			req, _ := http.NewRequest(http.MethodGet, w.URL+ideas.IdeaPath(id, ideas.IdeaSlug("Shared seats with pictures")), nil)
			req.Header.Set("Cookie", "ideario_flash=") // never from the anonymous page cache
			r := c.do(req)
			wantCode(t, r, http.StatusOK)
			return r.Body
		}
		for name, c := range readers {
			shared := read(c)
			w.App.RenderWhole(true)
			whole := read(c)
			w.App.RenderWhole(false)
			if normalized(shared) != normalized(whole) {
				t.Errorf("as %s: the page from shared parts differs from the whole page:\n%s", name, firstDifference(normalized(shared), normalized(whole)))
			}
			for _, img := range imgs {
				if !strings.Contains(shared, `src="`+imagePath(img)+`/thumb"`) {
					t.Errorf("as %s: image %d is not on the page", name, img)
				}
			}
		}
	})
}
