import { Kbd, Modal, Stack, Table, Text, Title } from '@mantine/core';
import { SHORTCUTS } from './shortcuts.ts';

/** The keyboard shortcuts, opened with ? or the help button; Esc closes. */
export function HelpOverlay({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  return (
    <Modal opened={opened} onClose={onClose} title="Keyboard shortcuts" size="lg" centered closeButtonProps={{ 'aria-label': 'Close' }}>
      <Stack gap="md">
        {SHORTCUTS.map((g) => (
          <section key={g.group} aria-labelledby={`help-${g.group}`}>
            <Title order={3} id={`help-${g.group}`} mb={4}>{g.group}</Title>
            <Table verticalSpacing={4} highlightOnHover={false}>
              <Table.Tbody>
                {g.items.map((s) => (
                  <Table.Tr key={s.does}>
                    <Table.Td w="12rem" style={{ whiteSpace: 'nowrap' }}>
                      {s.keys.map((k, i) => <span key={k}>{i > 0 && ' + '}<Kbd size="sm">{k}</Kbd></span>)}
                    </Table.Td>
                    <Table.Td><Text size="sm">{s.does}</Text></Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </section>
        ))}
      </Stack>
    </Modal>
  );
}
