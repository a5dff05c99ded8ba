import { Box, IconButton, Tooltip, Typography } from '@mui/material';
import ChevronLeft from '@mui/icons-material/ChevronLeft';
import ChevronRight from '@mui/icons-material/ChevronRight';
import type { Page } from '../../api/base';
import type { ListPage } from './useListPage';

/** Where this page sits in the list, e.g. "1–50 of 250" (or "51–100" when the API tells no total). */
export function pageRange(offset: number, shown: number, total: number | undefined): string {
  const range = shown === 0 ? '0' : `${offset + 1}–${offset + shown}`;
  return total === undefined ? range : `${range} of ${total}`;
}

/** A list's position and its previous/next buttons, the same under every list. */
export function Pager({
  list,
  page,
  label,
}: {
  list: Pick<ListPage, 'offset' | 'hasPrevious' | 'next' | 'previous'>;
  page: Page<unknown> | undefined;
  /** What the list holds, e.g. "Runs": names the navigation for a screen reader. */
  label: string;
}) {
  if (!page) return null;
  const nextCursor = page.nextCursor;
  return (
    <Box
      component="nav"
      aria-label={`${label} pages`}
      sx={{ display: 'flex', alignItems: 'center', justifyContent: 'flex-end', gap: 1, py: 1 }}
    >
      <Typography variant="body2" role="status" aria-label={`${label} shown`}>
        {pageRange(list.offset, page.items.length, page.total)}
      </Typography>
      <Tooltip title="Previous page">
        <span>
          <IconButton aria-label="Previous page" disabled={!list.hasPrevious} onClick={list.previous}>
            <ChevronLeft />
          </IconButton>
        </span>
      </Tooltip>
      <Tooltip title="Next page">
        <span>
          <IconButton
            aria-label="Next page"
            disabled={!nextCursor}
            onClick={() => nextCursor && list.next(nextCursor)}
          >
            <ChevronRight />
          </IconButton>
        </span>
      </Tooltip>
    </Box>
  );
}
