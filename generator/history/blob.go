package history

import (
	"fmt"

	"github.com/go-git/go-git/v5/plumbing"

	"github.com/heedhq/heed/generator/history/internal/pack"
)

// blobBytes bounds the file contents a blobSource keeps, as bases of the
// deltas of later versions: about 30,000 feedback items.
const blobBytes = 16 << 20

// blobSource reads file contents, applying the deltas of packed ones to
// bases it keeps.
type blobSource struct {
	objects *objectReader
	recent  *recentObjects[[]byte]
	unread  *unread // where the contents that cannot be read are told
}

func newBlobSource(objects *objectReader, unread *unread) *blobSource {
	return &blobSource{objects: objects, unread: unread, recent: newRecentObjects(blobBytes, func(b []byte) int { return len(b) })}
}

// content returns the content of blob h, met at path; false, told to
// s.unread, when it cannot be read. The content is shared: it must not be
// changed.
func (s *blobSource) content(path string, h plumbing.Hash) ([]byte, bool) {
	data, err := s.read(h)
	if err != nil {
		s.unread.add(path, h, err)
		return nil, false
	}
	return data, true
}

// read returns the content of blob h. The content is shared: it must not be
// changed.
func (s *blobSource) read(h plumbing.Hash) ([]byte, error) {
	content, err := s.readChain(h, 0)
	if err != nil {
		return nil, fmt.Errorf("blob %s: %w", h, err)
	}
	return content, nil
}

func (s *blobSource) readChain(h plumbing.Hash, depth int) ([]byte, error) {
	if content, ok := s.recent.get(h); ok {
		return content, nil
	}
	o, err := s.objects.readAt(h, depth, nil)
	if err != nil {
		return nil, err
	}
	if o.Delta {
		base, err := s.readChain(o.Base, depth+1)
		if err == nil {
			o.Data, err = pack.ApplyDelta(nil, base, o.Data)
			o.Type = plumbing.BlobObject // as the base's, checked there
		}
		if err != nil {
			// Anything unexpected: let go-git resolve it.
			if o, err = s.objects.resolved(h); err != nil {
				return nil, err
			}
		}
	}
	if o.Type != plumbing.BlobObject {
		return nil, fmt.Errorf("%s is a %s: %w", h, o.Type, plumbing.ErrObjectNotFound)
	}
	s.recent.put(h, o.Data)
	return o.Data, nil
}
